using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// OpenAI Embeddings (<c>/v1/embeddings</c>), served by vLLM, TGI's OpenAI layer, Ollama and most gateways. The
/// <c>input</c> texts (and vLLM's chat-style <c>messages</c>) are screened like prompts; the answer is vectors, not
/// text, so there is no output to screen.
/// </summary>
/// <remarks>
/// Why screen it at all: an embeddings route is a way to put text in front of an operator's systems (search indexes,
/// retrieval stores whose documents later reach a generating model), and a route the guard cannot read would be the
/// obvious place to send what the chat route refuses.
/// </remarks>
internal sealed class OpenAIEmbeddingsAdapter : IApiAdapter
{
    public static readonly OpenAIEmbeddingsAdapter Instance = new();

    public const string TokenIdInputRejected =
        "input given as token ids is not accepted on guarded routes; send the input as text";

    private OpenAIEmbeddingsAdapter()
    {
    }

    public string Name => "openai.embeddings";

    public ApiFamily Family => ApiFamily.OpenAI;

    public string PathSuffix => "/v1/embeddings";

    public bool GeneratesOutput => false;

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.CheckRequestRoot(root, texts);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "input", string.Empty, out var input);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "messages", string.Empty, out var messages);
        if (error is not null)
        {
            return error;
        }

        // vLLM also embeds a chat conversation given as `messages` (through the chat template): screened like a chat
        // request, or it would be a field the guard never reads.
        if (!AdapterJson.IsAbsent(messages))
        {
            error = OpenAIChatAdapter.Instance.ExtractRequest(root, texts);
            if (error is not null || AdapterJson.IsAbsent(input))
            {
                return error;
            }
        }

        // Otherwise `input` is required by the API, so absent is a shape error like any other wrong type.
        return AdapterJson.AddStringOrStrings(texts, input, "input", TokenIdInputRejected);
    }

    public bool IsStreaming(JsonElement root) => false;

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    // Vectors carry no generated text.
    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) => AdapterJson.CheckResponseRoot(root, texts);

    // The API has no in-band refusal: a refused input is always the content-filter error.
    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) =>
        ApiErrors.Build(ApiFamily.OpenAI, ApiErrorKind.ContentFilter, RefusalText.InputRefused);

    // Never called (nothing generated is screened); if it were, the answer is the refusal, never the original.
    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) => BuildInputRefusal(asError: true, model: null, string.Empty);
}
