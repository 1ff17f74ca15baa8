using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class UnicodeCleanerTests
{
    [Fact]
    public void AsciiText_IsReturnedAsIs()
    {
        const string text = "Plain ASCII, Mixed Case";

        var cleaned = UnicodeCleaner.Clean(text);

        Assert.Same(text, cleaned.Text);
        Assert.Null(cleaned.Hidden);
    }

    [Fact]
    public void Cleaning_KeepsCaseForDecoding() =>
        Assert.Equal("AbC", UnicodeCleaner.Clean("\uFF21\u200Bb\u0301\uFF23").Text);

    [Fact]
    public void SeparateTagRuns_AreSpaceSeparatedInHiddenText()
    {
        static string Tags(string s) => string.Concat(s.Select(c => char.ConvertFromUtf32(0xE0000 + c)));

        var cleaned = UnicodeCleaner.Clean($"a{Tags("one")}b{Tags("two")}\U000E007F");

        Assert.Equal("aonebtwo", cleaned.Text);
        Assert.Equal("one two", cleaned.Hidden);
    }
}
