using Guardrail.Filters.Adapters;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Adapters;

/// <summary>Each adapter owns its API's stream assembler and output-maximum fields.</summary>
public sealed class AdapterStreamAndLimitTests
{
    [Theory]
    [InlineData("openai.chat", typeof(OpenAIChatStreamAssembler))]
    [InlineData("openai.completions", typeof(OpenAICompletionsStreamAssembler))]
    [InlineData("openai.responses", typeof(OpenAIResponsesStreamAssembler))]
    [InlineData("anthropic.messages", typeof(AnthropicMessagesStreamAssembler))]
    public void GeneratingAdapter_NewAssemblerOfItsApiPerCall(string name, Type expected)
    {
        var adapter = Streaming.TestAssemblers.Adapter(name);

        var first = adapter.CreateStreamAssembler("m", "req-1");
        var second = adapter.CreateStreamAssembler("m", "req-1");

        Assert.IsType(expected, first);
        Assert.NotSame(first, second);
        Assert.Equal(adapter.Name, first!.AdapterName);
        Assert.Equal("m", first.Model);
    }

    [Theory]
    [InlineData("openai.embeddings")]
    [InlineData("anthropic.count_tokens")]
    public void VectorAndCountAdapters_NoAssemblerAndNoOutputFields(string name)
    {
        var adapter = Streaming.TestAssemblers.Adapter(name);

        Assert.Null(adapter.CreateStreamAssembler(null, null));
        Assert.Null(adapter.OutputLimits);
    }

    [Theory]
    [InlineData("openai.chat", "max_completion_tokens", new[] { "max_tokens", "max_completion_tokens" })]
    [InlineData("openai.completions", "max_tokens", new[] { "max_tokens" })]
    [InlineData("openai.responses", "max_output_tokens", new[] { "max_output_tokens" })]
    [InlineData("anthropic.messages", "max_tokens", new[] { "max_tokens" })]
    public void GeneratingAdapter_DeclaresItsOutputFields(string name, string insert, string[] fields)
    {
        var limits = Streaming.TestAssemblers.Adapter(name).OutputLimits;

        Assert.NotNull(limits);
        Assert.Equal(insert, limits.Insert);
        Assert.Equal(fields, limits.Fields);
    }
}
