using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class StreamAssemblerFactoryTests
{
    [Theory]
    [InlineData("openai.chat", typeof(OpenAIChatStreamAssembler))]
    [InlineData("openai.completions", typeof(OpenAICompletionsStreamAssembler))]
    [InlineData("openai.responses", typeof(OpenAIResponsesStreamAssembler))]
    [InlineData("anthropic.messages", typeof(AnthropicMessagesStreamAssembler))]
    public void KnownAdapter_NewAssemblerPerCall(string name, Type expected)
    {
        var first = StreamAssemblerFactory.Create(name);
        var second = StreamAssemblerFactory.Create(name);

        Assert.IsType(expected, first);
        Assert.NotSame(first, second);
        Assert.Equal(name, first!.AdapterName);
        Assert.True(StreamAssemblerFactory.Supports(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("openai.embeddings")]
    [InlineData("OPENAI.CHAT")]
    public void UnknownAdapter_Null(string name)
    {
        Assert.Null(StreamAssemblerFactory.Create(name));
        Assert.False(StreamAssemblerFactory.Supports(name));
    }
}
