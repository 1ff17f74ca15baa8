using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Tests.Limits;

public sealed class AnswerTokensTests
{
    private static long Count(string json, params string[] texts)
    {
        using var document = JsonDocument.Parse(json);
        var extracted = texts.Select(t => new ExtractedText(TextOrigin.Assistant, "choices[0].message.content", t)).ToList();
        return AnswerTokens.Count(document.RootElement, extracted, TokenCounter.Shared);
    }

    [Fact]
    public void HigherReportedUsage_IsCharged() =>
        Assert.Equal(500, Count("""{"usage":{"completion_tokens":500}}""", "Paris."));

    [Fact]
    public void LowOrMissingUsage_TheProxysOwnCountIsTheFloor()
    {
        var text = string.Concat(Enumerable.Repeat("Paris is the capital of France. ", 20));
        var counted = TokenCounter.Shared.Count(text);

        Assert.True(counted > 1);
        Assert.Equal(counted, Count("""{"usage":{"output_tokens":1}}""", text));
        Assert.Equal(counted, Count("""{"choices":[]}""", text));
    }

    [Fact]
    public void NotAnObject_Zero() => Assert.Equal(0, Count("[1,2]", "x"));
}
