using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Reading and replacing Chat Completions and legacy Completions responses: both APIs share the envelope
/// (<c>id</c>, <c>object</c>, <c>created</c>, <c>model</c>, <c>usage</c>) and a <c>choices</c> array, and differ only
/// in the id prefix, the object name, which envelope fields are kept and the shape of a filtered choice. One builder
/// keeps the two SDK shapes from drifting apart.
/// </summary>
internal static class OpenAIChoiceResponses
{
    // Both APIs report the same counters.
    private static readonly string[] UsageCounters = ["prompt_tokens", "completion_tokens", "total_tokens"];

    /// <summary>Writes one filtered choice object with its <paramref name="index"/> and the refusal text to show.</summary>
    public delegate void ChoiceWriter(Utf8JsonWriter writer, long index, string message);

    /// <summary>
    /// Extracts a response's text: the root must be an object whose <c>choices</c> is an array of objects, each read
    /// by <paramref name="extractChoice"/> with its path (stopping at the first error).
    /// </summary>
    public static string? ExtractChoices(
        JsonElement root, List<ExtractedText> texts, Func<JsonElement, string, List<ExtractedText>, string?> extractChoice) =>
        AdapterJson.CheckResponseRoot(root, texts)
            ?? AdapterJson.ExtractObjects(root, "choices", string.Empty, "an array", texts, extractChoice);

    /// <summary>A complete response holding one filtered choice, named <c>{idPrefix}{requestId}</c>.</summary>
    public static ApiResponse BuildInputRefusal(
        string idPrefix, string objectName, string? model, string requestId, ChoiceWriter writeChoice)
    {
        var body = AdapterJson.Write((idPrefix, objectName, model, requestId, writeChoice), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("id", s.idPrefix + s.requestId);
            w.WriteString("object", s.objectName);
            w.WriteNumber("created", AdapterJson.UnixNow());
            w.WriteString("model", s.model ?? "unknown");
            w.WriteStartArray("choices");
            s.writeChoice(w, 0, RefusalText.InputRefused);
            w.WriteEndArray();
            ResponseEnvelope.WriteZeroUsage(w, UsageCounters);
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

    /// <summary>
    /// The original response's <paramref name="envelopeFields"/> (or their defaults) with each of its choices replaced
    /// by a filtered one at the same index; at least one choice, so SDKs that read <c>choices[0]</c> do not fail.
    /// </summary>
    public static ApiResponse BuildFiltered(
        JsonElement original, string[] envelopeFields, string idPrefix, string objectName, ChoiceWriter writeChoice)
    {
        var body = AdapterJson.Write((original, envelopeFields, idPrefix, objectName, writeChoice), static (w, s) =>
        {
            w.WriteStartObject();
            ResponseEnvelope.WriteFields(w, s.original, s.envelopeFields, (s.idPrefix, s.objectName), static (w, field, names) => WriteEnvelopeDefault(w, field, names.idPrefix, names.objectName));

            w.WriteStartArray("choices");
            var written = 0;
            if (AdapterJson.TryGetLast(s.original, "choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    s.writeChoice(w, AdapterJson.IndexOr(choice, written), RefusalText.OutputWithheld);
                    written++;
                }
            }

            if (written == 0)
            {
                s.writeChoice(w, 0, RefusalText.OutputWithheld);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

    private static void WriteEnvelopeDefault(Utf8JsonWriter w, string field, string idPrefix, string objectName)
    {
        // Only a replaced response takes defaults here, so there is no request model or id to name.
        if (ResponseEnvelope.WriteSharedDefault(w, field, idPrefix, model: null, requestId: null, UsageCounters))
        {
            return;
        }

        switch (field)
        {
            case "object":
                w.WriteString("object", objectName);
                break;
            case "created":
                w.WriteNumber("created", AdapterJson.UnixNow());
                break;
            default:
                // Optional fields stay absent.
                break;
        }
    }
}
