using System.Text;
using System.Text.Json;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Structural completeness for requests: after the adapter has read the fields it knows, this walks the whole
/// document so nothing the upstream might read goes unjudged.
/// <list type="bullet">
/// <item>Keys that are the same to a case-insensitive decoder (Go's, used by Ollama: <c>Messages</c> and
/// <c>messages</c>) in one object are refused: the screen cannot know which one the upstream reads.</item>
/// <item>Every other string and key (unknown fields, metadata, nested tool payloads, case variants) is screened as one
/// extra text, in document order, so a request split across unknown fields is seen whole.</item>
/// <item>Encoded attachments: <c>data:</c> URLs and base64 payloads of text are decoded and screened; PDFs are
/// extracted or refused as the policy says; file references, remote documents and unreadable bytes are refused.
/// Images and audio are not text and pass as before.</item>
/// </list>
/// </summary>
internal static class RequestSweep
{
    /// <summary>The path of the extra text holding every string the adapter did not read.</summary>
    public const string OtherFieldsPath = "(other fields)";

    /// <summary>
    /// Walks <paramref name="root"/>; appends decoded attachments and the other strings to <paramref name="texts"/>.
    /// Returns null, or the client-facing reason the request is refused.
    /// </summary>
    public static string? Sweep(JsonElement root, List<ExtractedText> texts, AttachmentMode attachments)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var state = new State(texts, attachments);
        var error = Walk(root, string.Empty, ref state, key: null);
        if (error is not null)
        {
            return error;
        }

        if (state.Other.Length > 0)
        {
            texts.Add(new ExtractedText(TextOrigin.Other, OtherFieldsPath, state.Other.ToString()));
        }

        texts.AddRange(state.Decoded);
        return null;
    }

    private static string? Walk(JsonElement value, string path, ref State state, string? key)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return WalkObject(value, path, ref state);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var error = Walk(item, AdapterJson.Item(path, index++), ref state, key);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            case JsonValueKind.String:
                return String(value, path, ref state, key);
            default:
                return null;
        }
    }

    private static string? WalkObject(JsonElement obj, string path, ref State state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var property in obj.EnumerateObject())
        {
            var memberPath = AdapterJson.MemberPath(path, property, index++);
            if (!AdapterJson.TryReadName(property, out var name))
            {
                return memberPath + " has a key that is not valid text (unpaired surrogate escape)";
            }

            if (!seen.Add(KeyFolding.Fold(name)))
            {
                return $"{AdapterJson.Child(path, name)} appears more than once (keys that differ only in case are the same key to some servers)";
            }
        }

        // Attachment shapes are recognised by their fields, wherever they sit: the same rules hold for every API.
        var attachment = Attachment(obj, path, ref state, out var handled);
        if (attachment is not null)
        {
            return attachment;
        }

        foreach (var property in obj.EnumerateObject())
        {
            // Keys are text too (a request can be spelled in key names); each next to its value, in document order.
            var name = property.Name;
            state.AddOther(name);
            if (handled is not null && string.Equals(KeyFolding.Fold(name), handled, StringComparison.Ordinal))
            {
                continue;
            }

            var error = Walk(property.Value, AdapterJson.Child(path, name), ref state, KeyFolding.Fold(name));
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// File references and remote documents are refused; an Anthropic base64 source is decoded by its media type.
    /// <paramref name="handled"/> names the (folded) field whose value was dealt with here and must not be walked.
    /// </summary>
    private static string? Attachment(JsonElement obj, string path, ref State state, out string? handled)
    {
        handled = null;
        string? type = null;
        string? mediaType = null;
        var hasData = false;
        foreach (var property in obj.EnumerateObject())
        {
            var name = KeyFolding.Fold(property.Name);
            switch (name)
            {
                case "file_id" or "file_url" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetRawText().Length > 2:
                    // The upstream reads a stored or remote file this gateway never sees.
                    return $"{AdapterJson.Child(path, property.Name)}: file references are not forwarded by this gateway (their content cannot be screened)";
                case "type" when AdapterJson.TryReadString(property.Value, out var t):
                    type = t;
                    break;
                case "media_type" when AdapterJson.TryReadString(property.Value, out var m):
                    mediaType = m.Trim().ToLowerInvariant();
                    break;
                case "data":
                    hasData = true;
                    break;
            }
        }

        if (string.Equals(type, "document", StringComparison.Ordinal)
            && obj.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object
            && source.TryGetProperty("type", out var sourceType) && sourceType.ValueKind == JsonValueKind.String
            && sourceType.ValueEquals("url"))
        {
            // An Anthropic document the upstream downloads itself (image URLs pass: they carry no text to screen).
            return $"{AdapterJson.Child(path, "source")}: documents fetched from a URL are not forwarded by this gateway (their content cannot be screened)";
        }

        if (hasData && obj.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String)
        {
            // OpenAI input_audio {data, format}: sound, not text; its base64 is not screened as a string either.
            handled = "data";
            return null;
        }

        if (!string.Equals(type, "base64", StringComparison.Ordinal) || !hasData)
        {
            return null;
        }

        handled = "data";
        var data = obj.GetProperty("data");
        var dataPath = AdapterJson.Child(path, "data");
        if (!AdapterJson.TryReadString(data, out var payload))
        {
            return AdapterJson.MustBe(dataPath, "a base64 string");
        }

        return AttachmentText.TryDecodeBase64(payload, out var bytes)
            ? Payload(mediaType, bytes, dataPath, ref state)
            : $"{dataPath} is not valid base64";
    }

    private static string? String(JsonElement value, string path, ref State state, string? key)
    {
        if (!AdapterJson.TryReadString(value, out var text))
        {
            return string.Concat(path, " is not valid text (unpaired surrogate escape)");
        }

        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return AttachmentText.TryParseDataUrl(text, out var mediaType, out var bytes)
                ? Payload(mediaType, bytes, path, ref state)
                : $"{path} is a data: URL that does not decode";
        }

        if (key is "file_data")
        {
            // OpenAI asks for a data: URL here; bare base64 is decoded too, as lenient servers do.
            return AttachmentText.TryDecodeBase64(text, out var raw)
                ? Payload(null, raw, path, ref state)
                : $"{path} is not valid base64";
        }

        state.AddOther(text);
        return null;
    }

    private static string? Payload(string? mediaType, byte[] bytes, string path, ref State state)
    {
        switch (AttachmentText.Classify(mediaType, bytes))
        {
            case AttachmentText.Kind.Media:
                return null;
            case AttachmentText.Kind.Text:
                state.Decoded.Add(new ExtractedText(TextOrigin.User, path, Encoding.UTF8.GetString(bytes)));
                return null;
            case AttachmentText.Kind.Pdf when state.Attachments == AttachmentMode.Extract:
                var text = AttachmentText.ReadPdf(bytes, out var error);
                if (text is null)
                {
                    return $"{path}: the attached PDF {error}, so it cannot be screened";
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    // A scanned PDF: the model may read its page images, the screen cannot.
                    return $"{path}: the attached PDF has no text layer, so it cannot be screened";
                }

                state.Decoded.Add(new ExtractedText(TextOrigin.User, path, text));
                return null;
            case AttachmentText.Kind.Pdf:
                return $"{path}: PDF attachments are not accepted by this gateway";
            default:
                return $"{path}: the attachment ({mediaType ?? "unknown type"}) is not text, so it cannot be screened";
        }
    }

    private struct State(List<ExtractedText> known, AttachmentMode attachments)
    {
        private HashSet<string>? _known;

        public AttachmentMode Attachments { get; } = attachments;

        public StringBuilder Other { get; } = new();

        public List<ExtractedText> Decoded { get; } = [];

        /// <summary>Adds a string the adapter did not already read (each distinct string once).</summary>
        public void AddOther(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            _known ??= [.. known.Select(t => t.Text)];
            if (!_known.Add(text))
            {
                return;
            }

            if (Other.Length > 0)
            {
                Other.Append(' ');
            }

            Other.Append(text);
        }
    }
}
