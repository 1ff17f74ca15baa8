using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Tests.Adapters;

public class AdapterRegistryTests
{
    [Theory]
    [InlineData("/v1/chat/completions", "openai.chat")]
    [InlineData("/v1/chat/completions/", "openai.chat")]
    [InlineData("/openai/v1/chat/completions", "openai.chat")]
    [InlineData("/v1/completions", "openai.completions")]
    [InlineData("/vllm/v1/completions/", "openai.completions")]
    [InlineData("/v1/responses", "openai.responses")]
    [InlineData("/v1/messages", "anthropic.messages")]
    [InlineData("/anthropic/v1/messages/", "anthropic.messages")]
    public void KnownPaths_MatchTheirAdapter(string path, string name)
    {
        Assert.True(AdapterRegistry.Default.TryMatch(path, out var adapter));
        Assert.Equal(name, adapter.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/v1/models")]
    [InlineData("/v1/chat/completions//")]
    [InlineData("/v1/chat/completionsx")]
    [InlineData("/v1/xcompletions")]
    [InlineData("/xv1/completions")]
    [InlineData("/v1/messages/batches")]
    [InlineData("/V1/CHAT/COMPLETIONS")]
    [InlineData("/v1/responses/resp_123")]
    public void OtherPaths_DoNotMatch(string path) => Assert.False(AdapterRegistry.Default.TryMatch(path, out _));

    [Fact]
    public void ChatPath_IsNotTakenForLegacyCompletions()
    {
        Assert.True(AdapterRegistry.Default.TryMatch("/v1/chat/completions", out var adapter));
        Assert.IsType<OpenAIChatAdapter>(adapter);
    }

    [Fact]
    public void All_HasTheSixAdaptersWithDistinctNamesAndSuffixes()
    {
        var all = AdapterRegistry.Default.All;

        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(6, all.Select(a => a.PathSuffix).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["anthropic.count_tokens", "openai.embeddings"], all.Where(a => !a.GeneratesOutput).Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/v1/embeddings", typeof(OpenAIEmbeddingsAdapter))]
    [InlineData("/openai/v1/embeddings/", typeof(OpenAIEmbeddingsAdapter))]
    [InlineData("/v1/messages/count_tokens", typeof(AnthropicCountTokensAdapter))]
    [InlineData("/v1/messages", typeof(AnthropicMessagesAdapter))]
    public void CountAndVectorPaths_FindTheirOwnAdapters(string path, Type expected)
    {
        Assert.True(AdapterRegistry.Default.TryMatch(path, out var adapter));
        Assert.IsType(expected, adapter);
    }

    [Fact]
    public void LongerSuffix_WinsOverOneItEnds()
    {
        var registry = new AdapterRegistry([OpenAICompletionsAdapter.Instance, new FakeAdapter("/compat/v1/completions")]);

        Assert.True(registry.TryMatch("/x/compat/v1/completions", out var adapter));
        Assert.IsType<FakeAdapter>(adapter);
        Assert.True(registry.TryMatch("/x/v1/completions", out adapter));
        Assert.IsType<OpenAICompletionsAdapter>(adapter);
    }

    [Theory]
    [InlineData("/v1/messages/batches", false, nameof(ApiFamily.Anthropic))]
    [InlineData("/v1/unknown", true, nameof(ApiFamily.Anthropic))]
    [InlineData("/v1/embeddings", false, nameof(ApiFamily.OpenAI))]
    [InlineData("", false, nameof(ApiFamily.OpenAI))]
    public void GuessFamily_AnthropicOnHeaderOrMessagesPath(string path, bool header, string expected) =>
        Assert.Equal(Enum.Parse<ApiFamily>(expected), AdapterRegistry.GuessFamily(path, header)); // by name: ApiFamily is internal, a public test method cannot take it
}
