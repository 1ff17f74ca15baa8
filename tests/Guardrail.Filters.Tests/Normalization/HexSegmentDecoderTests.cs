using System.Text;
using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class HexSegmentDecoderTests
{
    private const int Room = 10_000;
    private const string Plain = "hello world";

    private static string[] Pairs => Encoding.UTF8.GetBytes(Plain)
        .Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void PlainRun_IsDecoded() => Assert.Equal(Plain, HexSegmentDecoder.Decode($"data: {string.Concat(Pairs)}", Room));

    [Fact]
    public void LowerCaseRun_IsDecoded() =>
        Assert.Equal(Plain, HexSegmentDecoder.Decode(string.Concat(Pairs).ToLowerInvariant(), Room));

    [Theory]
    [InlineData(" ")]
    [InlineData(":")]
    [InlineData(",")]
    [InlineData(", ")]
    [InlineData("-")]
    public void SeparatedPairs_AreDecoded(string separator) =>
        Assert.Equal(Plain, HexSegmentDecoder.Decode(string.Join(separator, Pairs), Room));

    [Fact]
    public void BackslashXPairs_AreDecoded() =>
        Assert.Equal(Plain, HexSegmentDecoder.Decode(string.Concat(Pairs.Select(p => "\\x" + p)), Room));

    [Fact]
    public void ZeroXPairs_AreDecoded() =>
        Assert.Equal(Plain, HexSegmentDecoder.Decode(string.Join(", ", Pairs.Select(p => "0x" + p)), Room));

    [Fact]
    public void ZeroXRun_IsDecoded() => Assert.Equal(Plain, HexSegmentDecoder.Decode("0x" + string.Concat(Pairs), Room));

    [Fact]
    public void GroupedWords_AreDecoded()
    {
        var hex = string.Concat(Pairs);
        var grouped = string.Join(' ', Enumerable.Range(0, (hex.Length + 3) / 4).Select(i => hex.Substring(i * 4, Math.Min(4, hex.Length - (i * 4)))));

        Assert.Equal(Plain, HexSegmentDecoder.Decode(grouped, Room));
    }

    [Fact]
    public void SegmentAfterHexLikeWord_IsDecoded() =>
        Assert.Equal(Plain, HexSegmentDecoder.Decode($"decode {string.Join(' ', Pairs)}", Room));

    [Theory]
    [InlineData("deadbeefcafebabe")]          // binary, not UTF-8 text
    [InlineData("0123456789abcdef0123")]      // bytes below 0x20 are control characters
    [InlineData("6865 6c6c 6f")]              // fewer than the minimum bytes
    [InlineData("68656c6c6f20776f726c64g")]   // run continues into a word
    public void NonTextOrShortRuns_AreIgnored(string text) => Assert.Null(HexSegmentDecoder.Decode(text, Room));
}
