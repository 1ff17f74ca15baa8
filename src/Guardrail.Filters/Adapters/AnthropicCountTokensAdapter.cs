using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Anthropic token counting (<c>/v1/messages/count_tokens</c>): the body of a Messages request, answered with a
/// count. Screened like <c>/v1/messages</c> (the same fields), so it cannot be used to probe what the guard lets
/// through; the answer is a number, not text, so there is no output to screen.
/// </summary>
internal sealed class AnthropicCountTokensAdapter : IApiAdapter
{
    public static readonly AnthropicCountTokensAdapter Instance = new();

    private AnthropicCountTokensAdapter()
    {
    }

    public string Name => "anthropic.count_tokens";

    public ApiFamily Family => ApiFamily.Anthropic;

    public string PathSuffix => "/v1/messages/count_tokens";

    public bool GeneratesOutput => false;

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts) =>
        AnthropicMessagesAdapter.Instance.ExtractRequest(root, texts);

    public bool IsStreaming(JsonElement root) => false;

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) => AdapterJson.CheckResponseRoot(root, texts);

    // A count has no in-band refusal (no stop_reason): a refused input is always the error shape.
    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) =>
        ApiErrors.Build(ApiFamily.Anthropic, ApiErrorKind.ContentFilter, RefusalText.InputRefused);

    // Never called (nothing generated is screened); if it were, the answer is the refusal, never the original.
    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) => BuildInputRefusal(asError: true, model: null, string.Empty);
}
