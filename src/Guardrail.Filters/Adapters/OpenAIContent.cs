using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// OpenAI's "string or array of content parts" fields, shared by Chat Completions and Responses, and the mapping of
/// message roles to <see cref="TextOrigin"/>.
/// </summary>
internal static class OpenAIContent
{
    /// <summary>
    /// Extracts a content value: absent/null, a string, or an array of parts. Parts whose type is known to carry text
    /// must have a string <c>text</c> (or <c>refusal</c>); parts of other types (images, audio, files) are skipped
    /// unless they carry a <c>text</c>, which is then screened too, so newer part types are not a blind spot.
    /// </summary>
    public static string? Extract(JsonElement content, string path, TextOrigin origin, List<ExtractedText> texts) =>
        AdapterJson.ExtractStringOrItems(content, path, origin, texts, ExtractPart, "a string or an array of content parts");

    /// <summary>Extracts one content part (an object with a <c>type</c>).</summary>
    public static string? ExtractPart(JsonElement part, string path, TextOrigin origin, List<ExtractedText> texts)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            return AdapterJson.MustBe(path, "a content part object");
        }

        var error = ReadType(part, path, out var type);
        if (error is not null)
        {
            return error;
        }

        switch (type)
        {
            case "text" or "input_text" or "output_text" or "summary_text" or "reasoning_text":
                return AdapterJson.AddRequiredString(texts, origin, part, "text", path);
            case "refusal":
                error = AdapterJson.AddOptionalString(texts, origin, part, "refusal", path);
                return error ?? AdapterJson.AddOptionalString(texts, origin, part, "text", path);
            default:
                return AdapterJson.AddOptionalString(texts, origin, part, "text", path);
        }
    }

    /// <summary>Reads an optional string <c>type</c> field; <paramref name="type"/> is empty when absent.</summary>
    public static string? ReadType(JsonElement obj, string path, out string type)
    {
        type = string.Empty;
        var error = AdapterJson.Find(obj, "type", path, out var value);
        if (error is not null || AdapterJson.IsAbsent(value))
        {
            return error;
        }

        return AdapterJson.ReadString(value, AdapterJson.Child(path, "type"), out type);
    }

    /// <summary>
    /// Reads an optional <c>role</c> and maps it. An absent or unknown role screens as user text, the strictest
    /// reading: the upstream will reject or treat it as a turn the model reads either way.
    /// </summary>
    public static string? ReadRole(JsonElement message, string path, out TextOrigin origin)
    {
        origin = TextOrigin.User;
        var error = AdapterJson.Find(message, "role", path, out var value);
        if (error is not null || AdapterJson.IsAbsent(value))
        {
            return error;
        }

        error = AdapterJson.ReadString(value, AdapterJson.Child(path, "role"), out var role);
        origin = role switch
        {
            "system" or "developer" => TextOrigin.System,
            "assistant" => TextOrigin.Assistant,
            "tool" or "function" or "ipython" => TextOrigin.ToolResult,
            _ => TextOrigin.User,
        };
        return error;
    }

    /// <summary>
    /// Extracts a function definition's <c>description</c> and <c>parameters</c> schema (the model reads both,
    /// including every property description inside the schema).
    /// </summary>
    public static string? ExtractFunctionDefinition(JsonElement function, string path, List<ExtractedText> texts) =>
        AdapterJson.AddDescribedSchema(texts, function, "parameters", path);
}
