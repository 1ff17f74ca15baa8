using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>), also served by vLLM, TGI and Ollama.</summary>
internal sealed class OpenAIChatAdapter : IApiAdapter
{
    public static readonly OpenAIChatAdapter Instance = new();

    // Envelope fields kept when a response is replaced. A list of what to keep, not what to drop: an unknown field
    // from some OpenAI-compatible server could carry output text.
    private static readonly string[] EnvelopeFields = ["id", "object", "created", "model", "usage", "system_fingerprint", "service_tier"];

    private OpenAIChatAdapter()
    {
    }

    public string Name => "openai.chat";

    public ApiFamily Family => ApiFamily.OpenAI;

    public string PathSuffix => "/v1/chat/completions";

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts) =>
        AdapterJson.CheckRequestRoot(root, texts)
            ?? AdapterJson.ExtractObjects(root, "messages", string.Empty, "an array of messages", texts, ExtractRequestMessage)
            ?? AdapterJson.ExtractOptionalObjects(root, "tools", string.Empty, texts, ExtractTool)
            ?? ExtractLegacyFunctions(root, texts)
            ?? ExtractResponseFormat(root, texts)
            ?? ExtractPrediction(root, texts)
            ?? ExtractTemplateInputs(root, texts);

    public bool IsStreaming(JsonElement root) => AdapterJson.IsStreamRequested(root);

    public Streaming.IStreamAssembler CreateStreamAssembler(string? fallbackModel, string? requestId) => new Streaming.OpenAIChatStreamAssembler(fallbackModel, requestId);

    public OutputLimitFields OutputLimits { get; } = new(["max_tokens", "max_completion_tokens"], "max_completion_tokens");

    public string? GetModel(JsonElement root) => AdapterJson.ReadModel(root);

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) =>
        OpenAIChoiceResponses.ExtractChoices(root, texts, ExtractChoice);

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => asError
        ? ApiErrors.Build(ApiFamily.OpenAI, ApiErrorKind.ContentFilter, RefusalText.InputRefused)
        : OpenAIChoiceResponses.BuildInputRefusal("chatcmpl-", "chat.completion", model, requestId, WriteFilteredChoice);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) =>
        OpenAIChoiceResponses.BuildFiltered(originalResponse, EnvelopeFields, "chatcmpl-", "chat.completion", WriteFilteredChoice);

    private static string? ExtractChoice(JsonElement choice, string path, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(choice, "message", path, out var message);
        if (error is not null)
        {
            return error;
        }

        path = AdapterJson.Child(path, "message");
        return message.ValueKind == JsonValueKind.Object
            ? ExtractMessageBody(message, path, TextOrigin.Assistant, texts)
            : AdapterJson.MustBe(path, "an object");
    }

    private static void WriteFilteredChoice(Utf8JsonWriter w, long index, string message)
    {
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteNull("content");
        w.WriteString("refusal", message);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", "content_filter");
        w.WriteEndObject();
    }

    private static string? ExtractRequestMessage(JsonElement message, string path, List<ExtractedText> texts)
    {
        var error = OpenAIContent.ReadRole(message, path, out var origin);
        return error
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.Other, message, "name", path)
            ?? ExtractMessageBody(message, path, origin, texts);
    }

    /// <summary>The text fields a message carries in both directions (request history and response).</summary>
    private static string? ExtractMessageBody(JsonElement message, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(message, "content", path, out var content);
        if (error is not null)
        {
            return error;
        }

        error = OpenAIContent.Extract(content, AdapterJson.Child(path, "content"), origin, texts)
            ?? AdapterJson.AddOptionalString(texts, origin, message, "refusal", path)
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.Reasoning, message, "reasoning_content", path)
            ?? AdapterJson.AddOptionalString(texts, TextOrigin.Reasoning, message, "reasoning", path)
            ?? ExtractToolCalls(message, path, texts)
            ?? ExtractFunctionCall(message, "function_call", path, texts);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(message, "audio", path, out var audio);
        if (error is not null || audio.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        // Audio answers carry their words in the transcript.
        return AdapterJson.AddOptionalString(texts, origin, audio, "transcript", AdapterJson.Child(path, "audio"));
    }

    private static string? ExtractToolCalls(JsonElement message, string path, List<ExtractedText> texts) =>
        AdapterJson.ExtractOptionalObjects(
            message,
            "tool_calls",
            path,
            texts,
            static (call, callPath, found) => ExtractFunctionCall(call, "function", callPath, found) ?? ExtractCustomCall(call, callPath, found));

    /// <summary>A <c>{name, arguments}</c> object under <paramref name="field"/>: the arguments are the call's text.</summary>
    private static string? ExtractFunctionCall(JsonElement owner, string field, string ownerPath, List<ExtractedText> texts) =>
        AdapterJson.ExtractOptionalObject(owner, field, ownerPath, texts, ExtractFunction);

    private static string? ExtractFunction(JsonElement function, string path, List<ExtractedText> texts)
    {
        var error = AdapterJson.AddOptionalString(texts, TextOrigin.Other, function, "name", path);
        if (error is not null)
        {
            return error;
        }

        error = AdapterJson.Find(function, "arguments", path, out var arguments);
        return error ?? AdapterJson.AddJsonString(texts, TextOrigin.ToolCall, arguments, AdapterJson.Child(path, "arguments"));
    }

    /// <summary>Custom (free-form) tool calls: <c>{"type":"custom","custom":{"name","input"}}</c>.</summary>
    private static string? ExtractCustomCall(JsonElement call, string callPath, List<ExtractedText> texts) =>
        AdapterJson.ExtractOptionalObject(
            call,
            "custom",
            callPath,
            texts,
            static (custom, path, found) => AdapterJson.AddOptionalString(found, TextOrigin.Other, custom, "name", path)
                ?? AdapterJson.AddOptionalString(found, TextOrigin.ToolCall, custom, "input", path));

    // A tool's definition under "function" or "custom": its description and parameter schema.
    private static string? ExtractTool(JsonElement tool, string path, List<ExtractedText> texts) =>
        AdapterJson.ExtractOptionalObject(tool, "function", path, texts, OpenAIContent.ExtractFunctionDefinition)
            ?? AdapterJson.ExtractOptionalObject(tool, "custom", path, texts, OpenAIContent.ExtractFunctionDefinition);

    /// <summary>The deprecated <c>functions</c> list, still accepted by OpenAI and many compatible servers.</summary>
    private static string? ExtractLegacyFunctions(JsonElement root, List<ExtractedText> texts) =>
        AdapterJson.ExtractOptionalObjects(root, "functions", string.Empty, texts, OpenAIContent.ExtractFunctionDefinition);

    /// <summary>A JSON schema's descriptions are read by the model like a prompt.</summary>
    private static string? ExtractResponseFormat(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(root, "response_format", string.Empty, out var format);
        if (error is not null || format.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        return AdapterJson.ExtractOptionalObject(
            format, "json_schema", "response_format", texts, static (schema, path, found) => AdapterJson.AddDescribedSchema(found, schema, "schema", path));
    }

    /// <summary>
    /// vLLM lets a request bring its own chat template, template arguments and RAG documents; all of them can put
    /// text into the prompt the model reads, so they are screened like a system prompt.
    /// </summary>
    private static string? ExtractTemplateInputs(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.AddOptionalString(texts, TextOrigin.System, root, "chat_template", string.Empty);
        if (error is not null)
        {
            return error;
        }

        foreach (var field in (ReadOnlySpan<string>)["chat_template_kwargs", "documents"])
        {
            error = AdapterJson.Find(root, field, string.Empty, out var value);
            if (error is not null)
            {
                return error;
            }

            AdapterJson.AddJson(texts, TextOrigin.System, value, field);
        }

        return null;
    }

    /// <summary>Predicted output steers what the model writes, so it is screened like user text.</summary>
    private static string? ExtractPrediction(JsonElement root, List<ExtractedText> texts)
    {
        var error = AdapterJson.Find(root, "prediction", string.Empty, out var prediction);
        if (error is not null || prediction.ValueKind != JsonValueKind.Object)
        {
            return error;
        }

        error = AdapterJson.Find(prediction, "content", "prediction", out var content);
        return error ?? OpenAIContent.Extract(content, "prediction.content", TextOrigin.User, texts);
    }
}
