using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class PercentSegmentDecoderTests
{
    private const int Room = 10_000;

    [Fact]
    public void EscapedRun_IsDecoded() => Assert.Equal("hello world", PercentSegmentDecoder.Decode("x hello%20world y", Room));

    [Fact]
    public void FormPlus_IsASpace() => Assert.Equal("q=hello world", PercentSegmentDecoder.Decode("q=hello+world%21", Room)?.TrimEnd('!'));

    [Fact]
    public void Utf8Escapes_AreDecoded() => Assert.Equal("caf\u00E9", PercentSegmentDecoder.Decode("caf%C3%A9", Room));

    [Theory]
    [InlineData("50% off")]
    [InlineData("no escapes here")]
    [InlineData("%zz%")]
    public void TextWithoutEscapes_IsIgnored(string text) => Assert.Null(PercentSegmentDecoder.Decode(text, Room));

    [Fact]
    public void InvalidUtf8_IsRejected() => Assert.Null(PercentSegmentDecoder.Decode("%C3%28%FF%FE", Room));
}
