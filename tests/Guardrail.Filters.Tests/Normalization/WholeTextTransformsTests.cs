using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class WholeTextTransformsTests
{
    [Fact]
    public void Rot13_RotatesOnlyAsciiLetters() =>
        Assert.Equal("uryyb, jbeyq! 42 \u00E9", WholeTextTransforms.Rot13("hello, world! 42 \u00E9"));

    [Fact]
    public void Rot13_TwiceIsIdentity() =>
        Assert.Equal("the quick brown fox", WholeTextTransforms.Rot13(WholeTextTransforms.Rot13("the quick brown fox")!));

    [Fact]
    public void Rot13_WithoutLetters_IsNull() => Assert.Null(WholeTextTransforms.Rot13("1234 !?"));

    [Fact]
    public void Reverse_KeepsSurrogatePairsIntact() =>
        Assert.Equal("b\U0001F600a", WholeTextTransforms.Reverse("a\U0001F600b"));

    [Fact]
    public void Reverse_WithoutLetters_IsNull() => Assert.Null(WholeTextTransforms.Reverse("12 34"));
}
