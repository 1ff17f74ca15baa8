using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>Anthropic Messages (<c>/v1/messages</c>).</summary>
internal sealed class AnthropicMessagesAdapter : IApiAdapter
{
    public static readonly AnthropicMessagesAdapter Instance = new();

    // Kept by name: anything else on a replaced message could carry generated text.
    private static readonly string[] EnvelopeFields = ["id", "type", "role", "model", "container", "usage"];

    private static readonly string[] UsageCounters = ["input_tokens", "output_tokens"];

    private AnthropicMessagesAdapter()
    {
    }

    public string Name => "anthropic.messages";

    public ApiFamily Family => ApiFamily.Anthropic;

    public string PathSuffix => "/v1/messages";

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts) =>
        AdapterJson.CheckRequestRoot(root, texts)
            ?? ExtractBlocksField(root, "system", string.Empty, TextOrigin.System, texts)
            ?? AdapterJson.ExtractObjects(root, "messages", string.Empty, "an array of messages", texts, ExtractMessage)
            ?? AdapterJson.ExtractOptionalObjects(root, "tools", string.Empty, texts, ExtractTool);

    public bool IsStreaming(JsonElement root) => AdapterJson.IsStreamRequested(root);

    public Streaming.IStreamAssembler CreateStreamAssembler(string? fallbackModel, string? requestId) => new Streaming.AnthropicMessagesStreamAssembler(fallbackModel, requestId);

    public OutputLimitFields OutputLimits { get; } = new(["max_tokens"], "max_tokens");

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) =>
        AdapterJson.CheckResponseRoot(root, texts)
            ?? AdapterJson.ExtractItems(
                root, "content", string.Empty, "an array", texts, static (block, path, found) => ExtractBlock(block, path, TextOrigin.Assistant, found));

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => asError
        ? ApiErrors.Build(ApiFamily.Anthropic, ApiErrorKind.ContentFilter, RefusalText.InputRefused)
        : ResponseEnvelope.BuildInputRefusal(EnvelopeFields, WriteEnvelopeDefault, WriteRefusal, model, requestId);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) =>
        ResponseEnvelope.BuildFiltered(originalResponse, EnvelopeFields, WriteEnvelopeDefault, WriteRefusal);

    /// <summary>
    /// What the real API sends when its own classifiers refuse: no content, <c>stop_reason: refusal</c>, and
    /// <c>stop_details</c> with a null category (naming one would tell the client what tripped the screen).
    /// </summary>
    private static void WriteRefusal(Utf8JsonWriter w, string explanation)
    {
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteString("stop_reason", "refusal");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("stop_details");
        w.WriteString("type", "refusal");
        w.WriteNull("category");
        w.WriteString("explanation", explanation);
        w.WriteEndObject();
    }

    private static void WriteEnvelopeDefault(Utf8JsonWriter w, string field, string? model, string? requestId)
    {
        if (ResponseEnvelope.WriteSharedDefault(w, field, "msg_", model, requestId, UsageCounters))
        {
            return;
        }

        switch (field)
        {
            case "type":
                w.WriteString("type", "message");
                break;
            case "role":
                w.WriteString("role", "assistant");
                break;
            default:
                // Optional fields (container) stay absent.
                break;
        }
    }

    /// <summary>A string, or an array of content blocks; absent or null is nothing.</summary>
    private static string? ExtractBlocks(JsonElement content, string path, TextOrigin origin, List<ExtractedText> texts) =>
        AdapterJson.ExtractStringOrItems(content, path, origin, texts, ExtractBlock, "a string or an array of content blocks");

    /// <summary>The blocks under <paramref name="field"/> of <paramref name="owner"/>; absent or null is nothing.</summary>
    private static string? ExtractBlocksField(
        JsonElement owner, string field, string ownerPath, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(owner, field, ownerPath, out var content);
        return error ?? ExtractBlocks(content, AdapterJson.Child(ownerPath, field), origin, texts);
    }

    private static string? ExtractMessage(JsonElement message, string path, List<ExtractedText> texts)
    {
        var error = OpenAIContent.ReadRole(message, path, out var origin);
        return error ?? ExtractBlocksField(message, "content", path, origin, texts);
    }

    private static string? ExtractBlock(JsonElement block, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.MustBe(path, "a content block object");
        }

        var error = OpenAIContent.ReadType(block, path, out var type);
        if (error is not null)
        {
            return error;
        }

        switch (type)
        {
            case "text":
                return AdapterJson.AddRequiredString(texts, origin, block, "text", path);
            case "tool_use" or "server_tool_use" or "mcp_tool_use":
                return AdapterJson.AddOptionalString(texts, TextOrigin.Other, block, "name", path)
                    ?? ExtractJson(block, "input", path, TextOrigin.ToolCall, texts);
            case "tool_result" or "mcp_tool_result":
                return ExtractBlocksField(block, "content", path, TextOrigin.ToolResult, texts);
            case "thinking":
                return AdapterJson.AddRequiredString(texts, TextOrigin.Reasoning, block, "thinking", path);
            case "document":
                return ExtractDocument(block, path, origin, texts);
            case "search_result":
                return AdapterJson.AddOptionalString(texts, TextOrigin.Other, block, "title", path)
                    ?? ExtractBlocksField(block, "content", path, origin, texts);
            default:
                // Images, redacted thinking and server results carry no readable text; a newer block type that
                // carries a plain text field is screened anyway.
                return AdapterJson.AddOptionalString(texts, origin, block, "text", path);
        }
    }

    /// <summary>
    /// Plain-text and custom-content documents are read by the model like any prompt; base64 (PDF), URL and file
    /// sources are not text the screen can read and are skipped.
    /// </summary>
    private static string? ExtractDocument(JsonElement block, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.AddOptionalString(texts, TextOrigin.Other, block, "title", path)
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.Other, block, "context", path);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(block, "source", path, out var source);
        if (error is not null || source.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        var sourcePath = AdapterJson.Child(path, "source");
        error = OpenAIContent.ReadType(source, sourcePath, out var type);
        if (error is not null)
        {
            return error;
        }

        switch (type)
        {
            case "text":
                return AdapterJson.AddRequiredString(texts, origin, source, "data", sourcePath);
            case "content":
                return ExtractBlocksField(source, "content", sourcePath, origin, texts);
            default:
                return null;
        }
    }

    /// <summary>A structured field (a tool call's input), screened as JSON text with escapes decoded.</summary>
    private static string? ExtractJson(JsonElement owner, string field, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(owner, field, path, out var value);
        if (error is null)
        {
            AdapterJson.AddJson(texts, origin, value, AdapterJson.Child(path, field));
        }

        return error;
    }

    // The schema's property descriptions are read by the model too.
    private static string? ExtractTool(JsonElement tool, string path, List<ExtractedText> texts) =>
        AdapterJson.AddDescribedSchema(texts, tool, "input_schema", path);
}
