namespace Guardrail.Filters.Streaming;

/// <summary>Creates the stream assembler for an API adapter, one new instance per stream.</summary>
internal static class StreamAssemblerFactory
{
    public const string OpenAIChat = "openai.chat";
    public const string OpenAICompletions = "openai.completions";
    public const string OpenAIResponses = "openai.responses";
    public const string AnthropicMessages = "anthropic.messages";

    /// <summary>
    /// A new assembler for the adapter named <paramref name="adapterName"/>, or null when streams of that API cannot
    /// be inspected (the caller decides whether to pass them or fail closed).
    /// </summary>
    /// <param name="adapterName">An adapter's stable name (<c>IApiAdapter.Name</c>).</param>
    /// <param name="fallbackModel">The request's model, named in a halt sent before the stream announced one.</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    public static IStreamAssembler? Create(string adapterName, string? fallbackModel = null, string? requestId = null) => adapterName switch
    {
        OpenAIChat => new OpenAIChatStreamAssembler(fallbackModel, requestId),
        OpenAICompletions => new OpenAICompletionsStreamAssembler(fallbackModel, requestId),
        OpenAIResponses => new OpenAIResponsesStreamAssembler(fallbackModel, requestId),
        AnthropicMessages => new AnthropicMessagesStreamAssembler(fallbackModel, requestId),
        _ => null,
    };

    /// <summary>True when <see cref="Create"/> has an assembler for the adapter.</summary>
    public static bool Supports(string adapterName) => adapterName is OpenAIChat or OpenAICompletions or OpenAIResponses or AnthropicMessages;
}
