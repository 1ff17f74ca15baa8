using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Reading helpers shared by the adapters. Every helper tolerates any <see cref="JsonElement"/> (wrong kinds, lone
/// surrogate escapes, duplicate keys) and reports problems as client-facing messages instead of throwing.
/// </summary>
internal static class AdapterJson
{
    public const string RequestNotObject = "the request body must be a JSON object";
    public const string ResponseNotObject = "the response body is not a JSON object";

    // Relaxed escaping keeps non-ASCII letters as themselves, so re-serialised JSON reads like the text the model sees.
    private static readonly JsonWriterOptions DecodedWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions NestedDocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// The first check of every request reader: <paramref name="texts"/> is required and the body must be a JSON
    /// object. Null when it is, else the client-facing error.
    /// </summary>
    public static string? CheckRequestRoot(JsonElement root, List<ExtractedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return root.ValueKind == JsonValueKind.Object ? null : RequestNotObject;
    }

    /// <summary>The first check of every response reader, as <see cref="CheckRequestRoot"/>.</summary>
    public static string? CheckResponseRoot(JsonElement root, List<ExtractedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return root.ValueKind == JsonValueKind.Object ? null : ResponseNotObject;
    }

    /// <summary>
    /// Looks up <paramref name="name"/> in the object <paramref name="obj"/>; <paramref name="value"/> is
    /// <see cref="JsonValueKind.Undefined"/> when absent. A name given twice is an error: parsers disagree on which
    /// duplicate wins, and the screen must read exactly what the upstream reads.
    /// </summary>
    public static string? Find(JsonElement obj, string name, string objPath, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            // Callers check first; this keeps a missed check an error message rather than an exception.
            return MustBe(objPath.Length == 0 ? "the body" : objPath, "an object");
        }

        var found = false;
        foreach (var property in obj.EnumerateObject())
        {
            if (!property.NameEquals(name))
            {
                continue;
            }

            if (found)
            {
                return Child(objPath, name) + " appears more than once";
            }

            found = true;
            value = property.Value;
        }

        return null;
    }

    /// <summary>True for a missing or JSON-null value: both mean "not given" in these APIs.</summary>
    public static bool IsAbsent(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    public static string Child(string parent, string name) =>
        parent.Length == 0 ? name : string.Concat(parent, ".", name);

    public static string Item(string parent, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>
    /// The path of an object member whose name the client chose (a prompt variable). Paths are logged, so a name is
    /// used only when it looks like an identifier; anything else is referred to by position.
    /// </summary>
    public static string MemberPath(string parent, JsonProperty member, int index)
    {
        const int MaxNameLength = 64;
        var name = string.Empty;
        try
        {
            name = member.Name;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape in the name: fall through to the positional form.
        }

        var identifier = name.Length is > 0 and <= MaxNameLength;
        foreach (var c in name)
        {
            identifier &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        }

        return identifier ? Child(parent, name) : Item(parent, index);
    }

    public static string MustBe(string path, string expectation) => string.Concat(path, " must be ", expectation);

    /// <summary>
    /// Reads a string value. Fails (rather than throws) on a lone surrogate escape such as <c>\ud800</c>, which
    /// <see cref="JsonElement.GetString"/> cannot turn into a .NET string.
    /// </summary>
    public static string? ReadString(JsonElement value, string path, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            return MustBe(path, "a string");
        }

        try
        {
            text = value.GetString() ?? string.Empty;
            return null;
        }
        catch (InvalidOperationException)
        {
            return string.Concat(path, " is not valid text (unpaired surrogate escape)");
        }
    }

    /// <summary>Adds a string value as a text; an empty string adds nothing.</summary>
    public static string? AddString(List<ExtractedText> texts, TextOrigin origin, JsonElement value, string path)
    {
        var error = ReadString(value, path, out var text);
        if (error is null && text.Length > 0)
        {
            texts.Add(new ExtractedText(origin, path, text));
        }

        return error;
    }

    /// <summary>
    /// Adds a prompt-like value that is a string or an array of strings (<c>prompt</c> of Completions, <c>input</c>
    /// of Embeddings). Token ids (an array of integers, or of integer arrays) are text the screen cannot read without
    /// the model's tokenizer, so they fail with <paramref name="tokenIdsRejected"/> rather than pass unscreened.
    /// The caller decides whether an absent value is allowed.
    /// </summary>
    public static string? AddStringOrStrings(List<ExtractedText> texts, JsonElement value, string path, string tokenIdsRejected)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return AddString(texts, TextOrigin.User, value, path);
            case JsonValueKind.Array:
                break;
            default:
                return MustBe(path, "a string or an array of strings");
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = Item(path, index++);
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    var error = AddString(texts, TextOrigin.User, item, itemPath);
                    if (error is not null)
                    {
                        return error;
                    }

                    break;
                case JsonValueKind.Number or JsonValueKind.Array:
                    return tokenIdsRejected;
                default:
                    return MustBe(itemPath, "a string");
            }
        }

        return null;
    }

    /// <summary>Adds the optional string field <paramref name="name"/> of <paramref name="obj"/>; absent or null is fine.</summary>
    public static string? AddOptionalString(
        List<ExtractedText> texts, TextOrigin origin, JsonElement obj, string name, string objPath)
    {
        var error = Find(obj, name, objPath, out var value);
        if (error is not null || IsAbsent(value))
        {
            return error;
        }

        return AddString(texts, origin, value, Child(objPath, name));
    }

    /// <summary>Adds the required string field <paramref name="name"/> of <paramref name="obj"/>.</summary>
    public static string? AddRequiredString(
        List<ExtractedText> texts, TextOrigin origin, JsonElement obj, string name, string objPath)
    {
        var error = Find(obj, name, objPath, out var value);
        return error ?? AddString(texts, origin, value, Child(objPath, name));
    }

    /// <summary>
    /// Adds a structured JSON value (a tool's input object, a parameter schema) as one text: compact JSON with escapes
    /// decoded, so <c>"\u0068i"</c> is screened as <c>"hi"</c>, which is what the upstream hands the model.
    /// </summary>
    public static void AddJson(List<ExtractedText> texts, TextOrigin origin, JsonElement value, string path)
    {
        if (IsAbsent(value))
        {
            return;
        }

        var text = value.ValueKind == JsonValueKind.String && TryReadString(value, out var s) ? s : DecodedJson(value);
        if (text.Length > 0)
        {
            texts.Add(new ExtractedText(origin, path, text));
        }
    }

    /// <summary>
    /// Adds a string that usually holds JSON (OpenAI tool-call arguments). When it contains escapes it is parsed and
    /// re-serialised with escapes decoded; when it is not JSON it is screened as it is.
    /// </summary>
    public static string? AddJsonString(List<ExtractedText> texts, TextOrigin origin, JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Object or JsonValueKind.Array:
                // Some OpenAI-compatible servers (Ollama) accept arguments as an object.
                AddJson(texts, origin, value, path);
                return null;
            case JsonValueKind.String:
                break;
            default:
                return MustBe(path, "a string");
        }

        var error = ReadString(value, path, out var text);
        if (error is not null || text.Length == 0)
        {
            return error;
        }

        texts.Add(new ExtractedText(origin, path, text.Contains('\\', StringComparison.Ordinal) ? DecodeJsonText(text) : text));
        return null;
    }

    /// <summary>Compact JSON with escapes decoded; falls back to the raw text when a value cannot be re-encoded.</summary>
    public static string DecodedJson(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, DecodedWriterOptions))
            {
                value.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape cannot be decoded; the raw text still carries every other character.
            return value.GetRawText();
        }
    }

    /// <summary>
    /// Copies <paramref name="value"/> verbatim (its original bytes) as the next value of <paramref name="writer"/>.
    /// Raw bytes survive a lone surrogate escape, which re-serialising would throw on; a value the writer rejects
    /// (comments, when the caller's parser allowed them) becomes null rather than an exception.
    /// </summary>
    public static void WriteRaw(Utf8JsonWriter writer, JsonElement value)
    {
        try
        {
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value));
        }
        catch (JsonException)
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>The value of the last property called <paramref name="name"/>, as most parsers read duplicates.</summary>
    public static bool TryGetLast(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return obj.TryGetProperty(name, out value);
    }

    /// <summary>
    /// True when the request asks for a stream (<c>"stream": true</c>); every supported API spells it the same way,
    /// and anything but literal true means a single response, as upstream reads it.
    /// </summary>
    public static bool IsStreamRequested(JsonElement root) =>
        TryGetLast(root, "stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>The request's <c>model</c> when it is a string (same field in every supported API), else null.</summary>
    public static string? ReadModel(JsonElement root) =>
        TryGetLast(root, "model", out var model) && TryReadString(model, out var name) ? name : null;

    /// <summary>
    /// A "string or array of items" field: absent or null is nothing, a string is text, each array item goes to
    /// <paramref name="extractItem"/> (stopping at the first error); anything else must be
    /// <paramref name="expectation"/>.
    /// </summary>
    public static string? ExtractStringOrItems(
        JsonElement content,
        string path,
        TextOrigin origin,
        List<ExtractedText> texts,
        Func<JsonElement, string, TextOrigin, List<ExtractedText>, string?> extractItem,
        string expectation)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return AddString(texts, origin, content, path);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in content.EnumerateArray())
                {
                    var error = extractItem(item, Item(path, index++), origin, texts);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return MustBe(path, expectation);
        }
    }

    /// <summary>
    /// The required array of objects under <paramref name="name"/> (messages, choices): anything but an array fails as
    /// not being <paramref name="expectation"/>; each item must be an object and goes to <paramref name="extractItem"/>
    /// with its path (stopping at the first error).
    /// </summary>
    public static string? ExtractObjects(
        JsonElement owner, string name, string ownerPath, string expectation, List<ExtractedText> texts, Func<JsonElement, string, List<ExtractedText>, string?> extractItem) =>
        ExtractArray(owner, name, ownerPath, optional: false, expectation, objectsOnly: true, texts, extractItem);

    /// <summary>
    /// The required array under <paramref name="name"/> (a response's output items or content blocks): anything but an
    /// array fails as not being <paramref name="expectation"/>; each item, of any kind, goes to
    /// <paramref name="extractItem"/> with its path (stopping at the first error).
    /// </summary>
    public static string? ExtractItems(
        JsonElement owner, string name, string ownerPath, string expectation, List<ExtractedText> texts, Func<JsonElement, string, List<ExtractedText>, string?> extractItem) =>
        ExtractArray(owner, name, ownerPath, optional: false, expectation, objectsOnly: false, texts, extractItem);

    /// <summary>
    /// The optional array of objects under <paramref name="name"/> (tools, tool calls): absent or null is nothing,
    /// anything else but an array fails; each item must be an object and goes to <paramref name="extractItem"/> with
    /// its path (stopping at the first error).
    /// </summary>
    public static string? ExtractOptionalObjects(
        JsonElement owner, string name, string ownerPath, List<ExtractedText> texts, Func<JsonElement, string, List<ExtractedText>, string?> extractItem) =>
        ExtractArray(owner, name, ownerPath, optional: true, "an array", objectsOnly: true, texts, extractItem);

    /// <summary>
    /// The optional object under <paramref name="name"/> (a tool call's function, a tool's definition): absent or null
    /// is nothing, anything else must be an object, read by <paramref name="extract"/> with its path.
    /// </summary>
    public static string? ExtractOptionalObject(
        JsonElement owner,
        string name,
        string ownerPath,
        List<ExtractedText> texts,
        Func<JsonElement, string, List<ExtractedText>, string?> extract)
    {
        var error = Find(owner, name, ownerPath, out var value);
        if (error is not null || IsAbsent(value))
        {
            return error;
        }

        var path = Child(ownerPath, name);
        return value.ValueKind == JsonValueKind.Object ? extract(value, path, texts) : MustBe(path, "an object");
    }

    /// <summary>
    /// A schema's <c>description</c> and the schema itself under <paramref name="schemaField"/> (a tool's parameters,
    /// a structured-output format): the model reads both, including every property description inside the schema.
    /// </summary>
    public static string? AddDescribedSchema(List<ExtractedText> texts, JsonElement obj, string schemaField, string path)
    {
        var error = AddOptionalString(texts, TextOrigin.Other, obj, "description", path);
        if (error is not null)
        {
            return error;
        }

        error = Find(obj, schemaField, path, out var schema);
        if (error is null)
        {
            AddJson(texts, TextOrigin.Other, schema, Child(path, schemaField));
        }

        return error;
    }

    /// <summary>Copies the property <paramref name="name"/> of <paramref name="obj"/> verbatim, if present.</summary>
    public static bool CopyProperty(Utf8JsonWriter writer, JsonElement obj, string name)
    {
        if (!TryGetLast(obj, name, out var value))
        {
            return false;
        }

        writer.WritePropertyName(name);
        WriteRaw(writer, value);
        return true;
    }

    /// <summary>A choice's <c>index</c> when it is an integer, otherwise its position.</summary>
    public static long IndexOr(JsonElement choice, long position) =>
        TryGetLast(choice, "index", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt64(out var value)
            ? value
            : position;

    /// <summary>A property's name, false on a lone surrogate escape (which <see cref="JsonProperty.Name"/> throws on).</summary>
    public static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    public static bool TryReadString(JsonElement value, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Finishes a response body written by <paramref name="write"/>.</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A fresh id suffix for replies whose original carried no usable id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    private static string? ExtractArray(
        JsonElement owner,
        string name,
        string ownerPath,
        bool optional,
        string expectation,
        bool objectsOnly,
        List<ExtractedText> texts,
        Func<JsonElement, string, List<ExtractedText>, string?> extractItem)
    {
        var error = Find(owner, name, ownerPath, out var items);
        if (error is not null || (optional && IsAbsent(items)))
        {
            return error;
        }

        var path = Child(ownerPath, name);
        if (items.ValueKind != JsonValueKind.Array)
        {
            return MustBe(path, expectation);
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = Item(path, index++);
            error = !objectsOnly || item.ValueKind == JsonValueKind.Object
                ? extractItem(item, itemPath, texts)
                : MustBe(itemPath, "an object");
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string DecodeJsonText(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, NestedDocumentOptions);
            return DecodedJson(document.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
