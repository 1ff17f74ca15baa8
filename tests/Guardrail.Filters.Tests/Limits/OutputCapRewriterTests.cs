using System.Text;
using System.Text.Json;
using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Tests.Limits;

public sealed class OutputCapRewriterTests
{
    private static (string? Body, string? Error, bool NoAllowance) Rewrite(string json, string adapter, long allowance, long insertUpTo = 4096)
    {
        var (body, error, none) = OutputCapRewriter.Rewrite(Encoding.UTF8.GetBytes(json), Streaming.TestAssemblers.Adapter(adapter).OutputLimits, allowance, insertUpTo);
        return (body is null ? null : Encoding.UTF8.GetString(body), error, none);
    }

    [Fact]
    public void LargerMaximum_IsClampedAndEverythingElseKeptByteForByte()
    {
        const string json = """{"model":"m","max_tokens":  5000 ,"messages":[{"role":"user","content":"hi \u00e9"}]}""";

        var (body, error, _) = Rewrite(json, "openai.chat", 120);

        Assert.Null(error);
        Assert.Equal("""{"model":"m","max_tokens":  120 ,"messages":[{"role":"user","content":"hi \u00e9"}]}""", body);
    }

    [Fact]
    public void SmallerMaximum_IsLeftAlone()
    {
        var (body, error, none) = Rewrite("""{"max_output_tokens":50,"input":"x"}""", "openai.responses", 120);

        Assert.Null(body);
        Assert.Null(error);
        Assert.False(none);
    }

    [Fact]
    public void DuplicateAndEscapedKeys_AreAllClamped()
    {
        const string json = """{"max_tokens":10,"max_tokens":90000,"max_comp\u006cetion_tokens":70000,"messages":[]}""";

        var (body, _, _) = Rewrite(json, "openai.chat", 100);

        using var doc = JsonDocument.Parse(body!);
        var values = doc.RootElement.EnumerateObject().Where(p => p.Name.StartsWith("max_", StringComparison.Ordinal)).Select(p => p.Value.GetInt64()).ToList();
        Assert.Equal([10, 100, 100], values);
    }

    [Fact]
    public void NestedFieldOfTheSameName_IsNotTouched()
    {
        const string json = """{"metadata":{"max_tokens":99999},"max_tokens":5,"messages":[]}""";

        var (body, _, _) = Rewrite(json, "anthropic.messages", 100);

        Assert.Null(body);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "openai.chat", """{"max_completion_tokens":300,"messages":[]}""")]
    [InlineData("""{ }""", "openai.completions", """{"max_tokens":300 }""")]
    [InlineData("""{"input":"x","max_output_tokens":null}""", "openai.responses", """{"max_output_tokens":300,"input":"x","max_output_tokens":300}""")]
    public void AbsentMaximum_IsInsertedWhenSmall(string json, string adapter, string expected)
    {
        var (body, _, _) = Rewrite(json, adapter, 300);

        Assert.Equal(expected, body);
        using var _doc = JsonDocument.Parse(body!);
    }

    [Fact]
    public void AbsentMaximum_IsNotInsertedWhenAllowanceIsLarge()
    {
        var (body, _, _) = Rewrite("""{"messages":[]}""", "openai.chat", 100_000, insertUpTo: 4096);

        Assert.Null(body);
    }

    [Fact]
    public void SeveralChoices_ShareTheAllowance()
    {
        var (body, _, _) = Rewrite("""{"n":4,"max_tokens":1000,"messages":[]}""", "openai.chat", 100);

        Assert.Equal("""{"n":4,"max_tokens":25,"messages":[]}""", body);
    }

    [Fact]
    public void AllowanceBelowOnePerChoice_IsNoAllowance()
    {
        var (_, _, none) = Rewrite("""{"prompt":"x","best_of":5,"max_tokens":10}""", "openai.completions", 3);

        Assert.True(none);
    }

    [Fact]
    public void MaximumThatIsNotANumber_IsAnError()
    {
        var (body, error, _) = Rewrite("""{"max_tokens":"100000","messages":[]}""", "anthropic.messages", 100);

        Assert.Null(body);
        Assert.Contains("max_tokens", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"4\"", 25)]
    [InlineData("\" 4 \"", 25)]
    [InlineData("4.0", 25)]
    [InlineData("3.5", 25)]
    [InlineData("\"1_0\"", 10)]
    [InlineData("true", 100)]
    [InlineData("null", 100)]
    public void ChoiceCountsAsUpstreamsReadThem_DivideTheAllowance(string n, long cap)
    {
        var (body, error, _) = Rewrite($$"""{"max_tokens":1000,"n":{{n}},"messages":[]}""", "openai.chat", 100);

        Assert.Null(error);
        Assert.Equal($$"""{"max_tokens":{{cap}},"n":{{n}},"messages":[]}""", body);
    }

    [Theory]
    [InlineData("\"many\"")]
    [InlineData("[2]")]
    public void ChoiceCountNoUpstreamCouldRead_IsAnError(string n)
    {
        var (_, error, _) = Rewrite($$"""{"max_tokens":1000,"best_of":{{n}}}""", "openai.completions", 100);

        Assert.NotNull(error);
    }

    [Fact]
    public void CaseVariantMaximum_IsClamped()
    {
        var (body, _, _) = Rewrite("""{"MAX_TOKENS":5000,"messages":[]}""", "anthropic.messages", 120);

        Assert.Equal("""{"MAX_TOKENS":120,"messages":[]}""", body);
    }
}
