using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>OpenAI legacy Completions (<c>/v1/completions</c>), still the main text endpoint of vLLM and TGI.</summary>
internal sealed class OpenAICompletionsAdapter : IApiAdapter
{
    public static readonly OpenAICompletionsAdapter Instance = new();

    public const string TokenIdPromptRejected =
        "prompt given as token ids is not accepted on guarded routes; send the prompt as text";

    public const string PromptEmbedsRejected =
        "prompt_embeds is not accepted on guarded routes; send the prompt as text";

    private static readonly string[] EnvelopeFields = ["id", "object", "created", "model", "usage", "system_fingerprint"];

    private OpenAICompletionsAdapter()
    {
    }

    public string Name => "openai.completions";

    public ApiFamily Family => ApiFamily.OpenAI;

    public string PathSuffix => "/v1/completions";

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.CheckRequestRoot(root, texts);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "prompt", string.Empty, out var prompt);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.IsAbsent(prompt) ? null : AdapterJson.AddStringOrStrings(texts, prompt, "prompt", TokenIdPromptRejected);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "prompt_embeds", string.Empty, out var embeds);
        if (error is not null)
        {
            return error;
        }

        // vLLM takes prompt embeddings in place of text: as unreadable to the screen as token ids.
        return AdapterJson.IsAbsent(embeds)
            ? AdapterJson.AddOptionalString(texts, TextOrigin.User, root, "suffix", string.Empty)
            : PromptEmbedsRejected;
    }

    public bool IsStreaming(JsonElement root) => AdapterJson.IsStreamRequested(root);

    public Streaming.IStreamAssembler CreateStreamAssembler(string? fallbackModel, string? requestId) => new Streaming.OpenAICompletionsStreamAssembler(fallbackModel, requestId);

    public OutputLimitFields OutputLimits { get; } = new(["max_tokens"], "max_tokens");

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) =>
        OpenAIChoiceResponses.ExtractChoices(
            root, texts, static (choice, path, found) => AdapterJson.AddRequiredString(found, TextOrigin.Assistant, choice, "text", path));

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => asError
        ? ApiErrors.Build(ApiFamily.OpenAI, ApiErrorKind.ContentFilter, RefusalText.InputRefused)
        : OpenAIChoiceResponses.BuildInputRefusal("cmpl-", "text_completion", model, requestId, WriteFilteredChoice);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) =>
        OpenAIChoiceResponses.BuildFiltered(originalResponse, EnvelopeFields, "cmpl-", "text_completion", WriteFilteredChoice);

    // The legacy shape has no refusal field, so the choice is empty text stopped by the content filter.
    private static void WriteFilteredChoice(Utf8JsonWriter w, long index, string _)
    {
        w.WriteStartObject();
        w.WriteString("text", string.Empty);
        w.WriteNumber("index", index);
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", "content_filter");
        w.WriteEndObject();
    }
}
