using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>OpenAI Responses (<c>/v1/responses</c>).</summary>
internal sealed class OpenAIResponsesAdapter : IApiAdapter
{
    public static readonly OpenAIResponsesAdapter Instance = new();

    // Envelope fields kept when a response is replaced: the echo of the request's settings, which SDKs read back.
    // Kept by name rather than by dropping "output": some compatible servers add fields (vLLM's output_messages) that
    // carry the generated text too.
    private static readonly string[] EnvelopeFields =
    [
        "id", "object", "created_at", "model", "background", "conversation", "instructions", "max_output_tokens",
        "max_tool_calls", "metadata", "parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key",
        "reasoning", "safety_identifier", "service_tier", "store", "temperature", "text", "tool_choice", "tools",
        "top_logprobs", "top_p", "truncation", "usage", "user",
    ];

    private static readonly string[] UsageCounters =
        ["input_tokens", "input_tokens_details.cached_tokens", "output_tokens", "output_tokens_details.reasoning_tokens", "total_tokens"];

    private OpenAIResponsesAdapter()
    {
    }

    public string Name => "openai.responses";

    public ApiFamily Family => ApiFamily.OpenAI;

    public string PathSuffix => "/v1/responses";

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.CheckRequestRoot(root, texts)
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.System, root, "instructions", string.Empty);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(root, "input", string.Empty, out var input);
        return error
            ?? AdapterJson.ExtractStringOrItems(
                input, "input", TextOrigin.User, texts, static (item, path, _, found) => ExtractItem(item, path, found), "a string or an array of input items")
            ?? AdapterJson.ExtractOptionalObjects(root, "tools", string.Empty, texts, ExtractTool)
            ?? ExtractTextFormat(root, texts)
            ?? ExtractPromptVariables(root, texts);
    }

    /// <summary>
    /// Any <c>background</c> other than false or null counts: lax servers read <c>"true"</c> or <c>1</c> as true, and
    /// a value this gateway misreads must not turn into an answer it never screens.
    /// </summary>
    public bool RequestsBackground(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!string.Equals(property.Name, "background", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = property.Value;
            var off = value.ValueKind is JsonValueKind.False or JsonValueKind.Null
                || (value.ValueKind == JsonValueKind.String && value.ValueEquals("false"))
                || (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && n == 0);
            if (!off)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsStreaming(JsonElement root) => AdapterJson.IsStreamRequested(root);

    public Streaming.IStreamAssembler CreateStreamAssembler(string? fallbackModel, string? requestId) => new Streaming.OpenAIResponsesStreamAssembler(fallbackModel, requestId);

    public OutputLimitFields OutputLimits { get; } = new(["max_output_tokens"], "max_output_tokens");

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) =>
        AdapterJson.CheckResponseRoot(root, texts)
            ?? AdapterJson.ExtractItems(root, "output", string.Empty, "an array", texts, ExtractItem);

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => asError
        ? ApiErrors.Build(ApiFamily.OpenAI, ApiErrorKind.ContentFilter, RefusalText.InputRefused)
        : ResponseEnvelope.BuildInputRefusal(EnvelopeFields, WriteEnvelopeDefault, static (w, _) => WriteIncomplete(w), model, requestId);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) =>
        ResponseEnvelope.BuildFiltered(originalResponse, EnvelopeFields, WriteEnvelopeDefault, static (w, _) => WriteIncomplete(w));

    /// <summary>The stop signal: <c>status: incomplete</c>, <c>incomplete_details.reason: content_filter</c>, no output.</summary>
    private static void WriteIncomplete(Utf8JsonWriter w)
    {
        w.WriteString("status", "incomplete");
        w.WriteNull("error");
        w.WriteStartObject("incomplete_details");
        w.WriteString("reason", "content_filter");
        w.WriteEndObject();
        w.WriteStartArray("output");
        w.WriteEndArray();
    }

    /// <summary>
    /// Defaults for envelope fields, matching what the OpenAI API returns for a plain request, so that SDKs that
    /// read them back (the official .NET SDK reads most) find well-typed values.
    /// </summary>
    private static void WriteEnvelopeDefault(Utf8JsonWriter w, string field, string? model, string? requestId)
    {
        if (ResponseEnvelope.WriteSharedDefault(w, field, "resp_", model, requestId, UsageCounters))
        {
            return;
        }

        switch (field)
        {
            case "object":
                w.WriteString("object", "response");
                break;
            case "created_at":
                w.WriteNumber("created_at", AdapterJson.UnixNow());
                break;
            case "instructions" or "max_output_tokens" or "previous_response_id" or "user":
                w.WriteNull(field);
                break;
            case "metadata":
                w.WriteStartObject(field);
                w.WriteEndObject();
                break;
            case "parallel_tool_calls":
                w.WriteBoolean(field, true);
                break;
            case "reasoning":
                w.WriteStartObject(field);
                w.WriteNull("effort");
                w.WriteNull("summary");
                w.WriteEndObject();
                break;
            case "store":
                w.WriteBoolean(field, false);
                break;
            case "temperature" or "top_p":
                w.WriteNumber(field, 1.0);
                break;
            case "text":
                w.WriteStartObject(field);
                w.WriteStartObject("format");
                w.WriteString("type", "text");
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case "tool_choice":
                w.WriteString(field, "auto");
                break;
            case "tools":
                w.WriteStartArray(field);
                w.WriteEndArray();
                break;
            case "truncation":
                w.WriteString(field, "disabled");
                break;
            default:
                // Optional fields stay absent.
                break;
        }
    }

    /// <summary>One item of <c>input</c> or <c>output</c>; both directions use the same item types.</summary>
    private static string? ExtractItem(JsonElement item, string path, List<ExtractedText> texts)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.MustBe(path, "an object");
        }

        var error = OpenAIContent.ReadType(item, path, out var type);
        if (error is not null)
        {
            return error;
        }

        switch (type)
        {
            case "" or "message":
                error = OpenAIContent.ReadRole(item, path, out var origin);
                return error ?? ExtractContent(item, "content", path, origin, texts);
            case "function_call":
                return AdapterJson.AddOptionalString(texts, TextOrigin.Other, item, "name", path)
                    ?? ExtractJsonString(item, "arguments", path, texts);
            case "function_call_output" or "custom_tool_call_output":
                return ExtractContent(item, "output", path, TextOrigin.ToolResult, texts);
            case "custom_tool_call":
                return AdapterJson.AddOptionalString(texts, TextOrigin.Other, item, "name", path)
                    ?? AdapterJson.AddOptionalString(texts, TextOrigin.ToolCall, item, "input", path);
            case "reasoning":
                return ExtractContent(item, "summary", path, TextOrigin.Reasoning, texts)
                    ?? ExtractContent(item, "content", path, TextOrigin.Reasoning, texts);
            case "mcp_call":
                return ExtractJsonString(item, "arguments", path, texts)
                    ?? AdapterJson.AddOptionalString(texts, TextOrigin.ToolResult, item, "output", path)
                    ?? AdapterJson.AddOptionalString(texts, TextOrigin.ToolResult, item, "error", path);
            case "mcp_approval_request":
                return ExtractJsonString(item, "arguments", path, texts);
            case "code_interpreter_call":
                return AdapterJson.AddOptionalString(texts, TextOrigin.ToolCall, item, "code", path);
            case "local_shell_call_output":
                return AdapterJson.AddOptionalString(texts, TextOrigin.ToolResult, item, "output", path);
            case "file_search_call":
                return ExtractFileSearch(item, path, texts);
            default:
                // Item types without text (references, screenshots, search calls) are skipped; a newer type that
                // carries a plain text field is screened anyway.
                return AdapterJson.AddOptionalString(texts, TextOrigin.Other, item, "text", path);
        }
    }

    private static string? ExtractContent(JsonElement item, string field, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(item, field, path, out var content);
        return error ?? OpenAIContent.Extract(content, AdapterJson.Child(path, field), origin, texts);
    }

    private static string? ExtractJsonString(JsonElement item, string field, string path, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(item, field, path, out var value);
        return error ?? AdapterJson.AddJsonString(texts, TextOrigin.ToolCall, value, AdapterJson.Child(path, field));
    }

    /// <summary>File search history carries the queries and the retrieved passages, both fed back to the model.</summary>
    private static string? ExtractFileSearch(JsonElement item, string path, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(item, "queries", path, out var queries);
        if (error is not null)
        {
            return error;
        }

        if (queries.ValueKind == JsonValueKind.Array)
        {
            var queriesPath = AdapterJson.Child(path, "queries");
            var index = 0;
            foreach (var query in queries.EnumerateArray())
            {
                error = AdapterJson.AddString(texts, TextOrigin.ToolCall, query, AdapterJson.Item(queriesPath, index++));
                if (error is not null)
                {
                    return error;
                }
            }
        }

        error = AdapterJson.Find(item, "results", path, out var results);
        if (error is not null || results.ValueKind != JsonValueKind.Array)
        {
            return error;
        }

        var resultsPath = AdapterJson.Child(path, "results");
        var resultIndex = 0;
        foreach (var result in results.EnumerateArray())
        {
            var resultPath = AdapterJson.Item(resultsPath, resultIndex++);
            if (result.ValueKind != JsonValueKind.Object)
            {
                return AdapterJson.MustBe(resultPath, "an object");
            }

            error = AdapterJson.AddOptionalString(texts, TextOrigin.ToolResult, result, "text", resultPath);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ExtractTool(JsonElement tool, string path, List<ExtractedText> texts) =>
        OpenAIContent.ExtractFunctionDefinition(tool, path, texts)
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.Other, tool, "server_description", path);

    /// <summary>A structured-output schema (<c>text.format</c>) is read by the model like a prompt.</summary>
    private static string? ExtractTextFormat(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(root, "text", string.Empty, out var text);
        if (error is not null || text.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        error = AdapterJson.Find(text, "format", "text", out var format);
        if (error is not null || format.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        return AdapterJson.AddDescribedSchema(texts, format, "schema", "text.format");
    }

    /// <summary>Stored-prompt variables are substituted into the prompt the model reads.</summary>
    private static string? ExtractPromptVariables(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(root, "prompt", string.Empty, out var prompt);
        if (error is not null || prompt.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        error = AdapterJson.Find(prompt, "variables", "prompt", out var variables);
        if (error is not null || AdapterJson.IsAbsent(variables))
        {
            return error;
        }

        if (variables.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.MustBe("prompt.variables", "an object");
        }

        var index = 0;
        foreach (var variable in variables.EnumerateObject())
        {
            var path = AdapterJson.MemberPath("prompt.variables", variable, index++);
            error = variable.Value.ValueKind == JsonValueKind.String
                ? AdapterJson.AddString(texts, TextOrigin.User, variable.Value, path)
                : OpenAIContent.ExtractPart(variable.Value, path, TextOrigin.User, texts);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }
}
