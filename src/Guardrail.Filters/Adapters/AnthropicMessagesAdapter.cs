using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>Anthropic Messages (<c>/v1/messages</c>).</summary>
internal sealed class AnthropicMessagesAdapter : IApiAdapter
{
    public static readonly AnthropicMessagesAdapter Instance = new();

    // Kept by name: anything else on a replaced message could carry generated text.
    private static readonly string[] EnvelopeFields = ["id", "type", "role", "model", "container", "usage"];

    private AnthropicMessagesAdapter()
    {
    }

    public string Name => "anthropic.messages";

    public ApiFamily Family => ApiFamily.Anthropic;

    public string PathSuffix => "/v1/messages";

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.RequestNotObject;
        }

        var error = AdapterJson.Find(root, "system", string.Empty, out var system);
        if (error is not null)
        {
            return error;
        }

        error = ExtractBlocks(system, "system", TextOrigin.System, texts);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "messages", string.Empty, out var messages);
        if (error is not null)
        {
            return error;
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return AdapterJson.MustBe("messages", "an array of messages");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = AdapterJson.Item("messages", index++);
            if (message.ValueKind != JsonValueKind.Object)
            {
                return AdapterJson.MustBe(path, "an object");
            }

            error = OpenAIContent.ReadRole(message, path, out var origin);
            if (error is not null)
            {
                return error;
            }

            error = AdapterJson.Find(message, "content", path, out var content);
            error ??= ExtractBlocks(content, AdapterJson.Child(path, "content"), origin, texts);
            if (error is not null)
            {
                return error;
            }
        }

        return ExtractTools(root, texts);
    }

    public bool IsStreaming(JsonElement root) => AdapterJson.IsStreamRequested(root);

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.ResponseNotObject;
        }

        var error = AdapterJson.Find(root, "content", string.Empty, out var content);
        if (error is not null)
        {
            return error;
        }

        return content.ValueKind == JsonValueKind.Array
            ? ExtractBlocks(content, "content", TextOrigin.Assistant, texts)
            : AdapterJson.MustBe("content", "an array");
    }

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId)
    {
        if (asError)
        {
            return ApiErrors.Build(ApiFamily.Anthropic, ApiErrorKind.ContentFilter, RefusalText.InputRefused);
        }

        var body = AdapterJson.Write((model, requestId), static (w, s) =>
        {
            w.WriteStartObject();
            foreach (var field in EnvelopeFields)
            {
                WriteEnvelopeDefault(w, field, s.model, s.requestId);
            }

            WriteRefusal(w, RefusalText.InputRefused);
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse)
    {
        var body = AdapterJson.Write(originalResponse, static (w, original) =>
        {
            w.WriteStartObject();
            foreach (var field in EnvelopeFields)
            {
                if (original.ValueKind != JsonValueKind.Object || !AdapterJson.CopyProperty(w, original, field))
                {
                    WriteEnvelopeDefault(w, field, model: null, requestId: null);
                }
            }

            WriteRefusal(w, RefusalText.OutputWithheld);
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

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
        switch (field)
        {
            case "id":
                w.WriteString("id", "msg_" + (requestId ?? AdapterJson.NewId()));
                break;
            case "type":
                w.WriteString("type", "message");
                break;
            case "role":
                w.WriteString("role", "assistant");
                break;
            case "model":
                w.WriteString("model", model ?? "unknown");
                break;
            case "usage":
                w.WriteStartObject("usage");
                w.WriteNumber("input_tokens", 0);
                w.WriteNumber("output_tokens", 0);
                w.WriteEndObject();
                break;
            default:
                // Optional fields (container) stay absent.
                break;
        }
    }

    /// <summary>A string, or an array of content blocks; absent or null is nothing.</summary>
    private static string? ExtractBlocks(JsonElement content, string path, TextOrigin origin, List<ExtractedText> texts) =>
        AdapterJson.ExtractStringOrItems(content, path, origin, texts, ExtractBlock, "a string or an array of content blocks");

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
                error = AdapterJson.Find(block, "content", path, out var result);
                return error ?? ExtractBlocks(result, AdapterJson.Child(path, "content"), TextOrigin.ToolResult, texts);
            case "thinking":
                return AdapterJson.AddRequiredString(texts, TextOrigin.Reasoning, block, "thinking", path);
            case "document":
                return ExtractDocument(block, path, origin, texts);
            case "search_result":
                error = AdapterJson.AddOptionalString(texts, TextOrigin.Other, block, "title", path);
                if (error is not null)
                {
                    return error;
                }

                error = AdapterJson.Find(block, "content", path, out var passages);
                return error ?? ExtractBlocks(passages, AdapterJson.Child(path, "content"), origin, texts);
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
                error = AdapterJson.Find(source, "content", sourcePath, out var content);
                return error ?? ExtractBlocks(content, AdapterJson.Child(sourcePath, "content"), origin, texts);
            default:
                return null;
        }
    }

    /// <summary>A structured field (a tool's input, a schema), screened as JSON text with escapes decoded.</summary>
    private static string? ExtractJson(JsonElement owner, string field, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(owner, field, path, out var value);
        if (error is null)
        {
            AdapterJson.AddJson(texts, origin, value, AdapterJson.Child(path, field));
        }

        return error;
    }

    private static string? ExtractTools(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(root, "tools", string.Empty, out var tools);
        if (error is not null || AdapterJson.IsAbsent(tools))
        {
            return error;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return AdapterJson.MustBe("tools", "an array");
        }

        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = AdapterJson.Item("tools", index++);
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return AdapterJson.MustBe(path, "an object");
            }

            // The schema's property descriptions are read by the model too.
            error = AdapterJson.AddOptionalString(texts, TextOrigin.Other, tool, "description", path)
                ?? ExtractJson(tool, "input_schema", path, TextOrigin.Other, texts);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }
}
