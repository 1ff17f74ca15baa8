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
        ArgumentNullException.ThrowIfNull(texts);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.RequestNotObject;
        }

        var error = AdapterJson.Find(root, "prompt", string.Empty, out var prompt);
        if (error is not null)
        {
            return error;
        }

        error = ExtractPrompt(prompt, texts);
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

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) =>
        OpenAIChoiceResponses.ExtractChoices(
            root, texts, static (choice, path, found) => AdapterJson.AddRequiredString(found, TextOrigin.Assistant, choice, "text", path));

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => asError
        ? ApiErrors.Build(ApiFamily.OpenAI, ApiErrorKind.ContentFilter, RefusalText.InputRefused)
        : OpenAIChoiceResponses.BuildInputRefusal("cmpl-", "text_completion", model, requestId, WriteFilteredChoice);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) =>
        OpenAIChoiceResponses.BuildFiltered(originalResponse, EnvelopeFields, "cmpl-", "text_completion", WriteFilteredChoice);

    /// <summary>
    /// A prompt is a string or an array of strings. Token ids (an array of integers, or of integer arrays) are text
    /// the screen cannot read without the model's tokenizer, so they are refused rather than passed unscreened.
    /// </summary>
    private static string? ExtractPrompt(JsonElement prompt, List<ExtractedText> texts)
    {
        switch (prompt.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return AdapterJson.AddString(texts, TextOrigin.User, prompt, "prompt");
            case JsonValueKind.Array:
                break;
            default:
                return AdapterJson.MustBe("prompt", "a string or an array of strings");
        }

        var index = 0;
        foreach (var item in prompt.EnumerateArray())
        {
            var path = AdapterJson.Item("prompt", index++);
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    var error = AdapterJson.AddString(texts, TextOrigin.User, item, path);
                    if (error is not null)
                    {
                        return error;
                    }

                    break;
                case JsonValueKind.Number or JsonValueKind.Array:
                    return TokenIdPromptRejected;
                default:
                    return AdapterJson.MustBe(path, "a string");
            }
        }

        return null;
    }

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
