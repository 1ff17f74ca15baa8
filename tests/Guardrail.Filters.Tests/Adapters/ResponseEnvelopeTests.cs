using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Tests.Adapters;

/// <summary>
/// The envelope defaults every replacement body shares (id, model, zero usage), pinned per API to the letter: the
/// four response builders write them through one routine (ResponseEnvelope.WriteSharedDefault), and SDKs read these
/// fields back with the API's own types.
/// </summary>
public sealed class ResponseEnvelopeTests
{
    private const string ChoiceUsage = """{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}""";
    private const string ResponsesUsage =
        """{"input_tokens":0,"input_tokens_details":{"cached_tokens":0},"output_tokens":0,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":0}""";
    private const string MessagesUsage = """{"input_tokens":0,"output_tokens":0}""";

    public static TheoryData<string, string, string> Apis => new()
    {
        { "openai.chat", "chatcmpl-", ChoiceUsage },
        { "openai.completions", "cmpl-", ChoiceUsage },
        { "openai.responses", "resp_", ResponsesUsage },
        { "anthropic.messages", "msg_", MessagesUsage },
    };

    [Theory]
    [MemberData(nameof(Apis))]
    public void InputRefusal_NamesTheRequestAndModel_WithZeroUsage(string api, string idPrefix, string usage)
    {
        using var body = JsonDocument.Parse(AdapterOf(api).BuildInputRefusal(asError: false, "model-a", "req-7").Body);
        var root = body.RootElement;

        Assert.Equal(idPrefix + "req-7", root.GetProperty("id").GetString());
        Assert.Equal("model-a", root.GetProperty("model").GetString());
        Assert.Equal(usage, root.GetProperty("usage").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public void FilteredResponse_WithoutEnvelope_GetsDefaults(string api, string idPrefix, string usage)
    {
        using var original = JsonDocument.Parse("{}");
        using var body = JsonDocument.Parse(AdapterOf(api).BuildFilteredResponse(original.RootElement).Body);
        var root = body.RootElement;

        var id = root.GetProperty("id").GetString()!;
        Assert.StartsWith(idPrefix, id, StringComparison.Ordinal);
        Assert.Equal(idPrefix.Length + 32, id.Length);
        Assert.Equal("unknown", root.GetProperty("model").GetString());
        Assert.Equal(usage, root.GetProperty("usage").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public void FilteredResponse_KeepsTheOriginalEnvelope(string api, string idPrefix, string usage)
    {
        _ = usage;
        using var original = JsonDocument.Parse("{\"id\":\"" + idPrefix + "orig\",\"model\":\"model-b\",\"usage\":{\"total_tokens\":9}}");
        using var body = JsonDocument.Parse(AdapterOf(api).BuildFilteredResponse(original.RootElement).Body);
        var root = body.RootElement;

        Assert.Equal(idPrefix + "orig", root.GetProperty("id").GetString());
        Assert.Equal("model-b", root.GetProperty("model").GetString());
        Assert.Equal("""{"total_tokens":9}""", root.GetProperty("usage").GetRawText());
    }

    private static IApiAdapter AdapterOf(string api) => api switch
    {
        "openai.chat" => OpenAIChatAdapter.Instance,
        "openai.completions" => OpenAICompletionsAdapter.Instance,
        "openai.responses" => OpenAIResponsesAdapter.Instance,
        _ => AnthropicMessagesAdapter.Instance,
    };
}
