using Guardrail.Filters.Adapters;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// Stream assemblers for tests, by adapter name (the names the fixtures and scripts are keyed by). Production never
/// looks an API up by name: the adapter the route matched creates its own assembler.
/// </summary>
internal static class TestAssemblers
{
    public const string OpenAIChat = "openai.chat";
    public const string OpenAICompletions = "openai.completions";
    public const string OpenAIResponses = "openai.responses";
    public const string AnthropicMessages = "anthropic.messages";

    /// <summary>The built-in adapter named <paramref name="adapterName"/>.</summary>
    public static IApiAdapter Adapter(string adapterName) =>
        AdapterRegistry.Default.All.FirstOrDefault(a => string.Equals(a.Name, adapterName, StringComparison.Ordinal))
        ?? throw new ArgumentException("no adapter named " + adapterName, nameof(adapterName));

    /// <summary>A new assembler from the adapter named <paramref name="adapterName"/> (null when its streams are not inspected).</summary>
    public static IStreamAssembler? Create(string adapterName, string? fallbackModel = null, string? requestId = null) =>
        Adapter(adapterName).CreateStreamAssembler(fallbackModel, requestId);
}
