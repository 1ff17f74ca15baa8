using System.Text;
using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class Base64SegmentDecoderTests
{
    private const int Room = 10_000;

    [Fact]
    public void TextSegment_IsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world"));

        Assert.Equal("hello world", Base64SegmentDecoder.Decode($"x {encoded} y", Room));
    }

    [Fact]
    public void UnpaddedSegment_IsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world")).TrimEnd('=');

        Assert.Equal("hello world", Base64SegmentDecoder.Decode(encoded, Room));
    }

    [Fact]
    public void SeveralSegments_AreJoinedWithSpaces()
    {
        var first = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world"));
        var second = Convert.ToBase64String(Encoding.UTF8.GetBytes("good morning"));

        Assert.Equal("hello world good morning", Base64SegmentDecoder.Decode($"{first}, then {second}.", Room));
    }

    [Fact]
    public void SegmentGluedToUrlPath_IsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world"));

        Assert.Equal("hello world", Base64SegmentDecoder.Decode($"https://example.com/path/to/{encoded}", Room));
    }

    [Fact]
    public void BinaryPayload_IsRejected()
    {
        var binary = Enumerable.Range(0, 48).Select(i => (byte)(i * 37 % 256)).ToArray();

        Assert.Null(Base64SegmentDecoder.Decode(Convert.ToBase64String(binary), Room));
    }

    [Theory]
    [InlineData("internationalization")]        // a long word is valid base64 but decodes to garbage
    [InlineData("abcdefghijk")]                 // shorter than the minimum
    [InlineData("/usr/lib/x86_64-linux-gnu/")]  // both alphabets: a path
    [InlineData("aGVsbG8gd29ybGQ===")]          // too much padding
    public void NonBase64Runs_AreIgnored(string text) => Assert.Null(Base64SegmentDecoder.Decode(text, Room));

    [Fact]
    public void Output_IsCappedAtMaxChars()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('a', 4000)));

        var decoded = Base64SegmentDecoder.Decode(encoded, 100);

        Assert.NotNull(decoded);
        Assert.True(decoded.Length <= 100);
        Assert.Matches("^a+$", decoded);
    }
}
