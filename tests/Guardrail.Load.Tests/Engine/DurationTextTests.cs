using Guardrail.Load.Engine;

namespace Guardrail.Load.Tests.Engine;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("500ms", 0.5)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    public void Parse_ReadsTheCommandLineForms(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    public void Parse_InvalidText_IsNull(string text)
    {
        Assert.Null(DurationText.Parse(text));
    }
}
