using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Replacement bodies for APIs whose stop signal sits beside a named envelope (Anthropic Messages, OpenAI Responses):
/// the envelope fields SDKs read back, each copied from the original response or given its default, then the API's
/// own stop signal. Chat and legacy Completions, whose choices carry the stop, use <see cref="OpenAIChoiceResponses"/>.
/// </summary>
internal static class ResponseEnvelope
{
    /// <summary>
    /// Writes the default of one envelope field; <paramref name="model"/> and <paramref name="requestId"/> are null
    /// when an original response is replaced (its own values are copied where present).
    /// </summary>
    public delegate void DefaultWriter(Utf8JsonWriter writer, string field, string? model, string? requestId);

    /// <summary>Writes the API's stop signal after the envelope, with the refusal <paramref name="message"/> to show.</summary>
    public delegate void StopWriter(Utf8JsonWriter writer, string message);

    /// <summary>A complete in-band refusal of a request: every envelope field at its default, then the stop.</summary>
    public static ApiResponse BuildInputRefusal(
        string[] fields, DefaultWriter writeDefault, StopWriter writeStop, string? model, string requestId)
    {
        var body = AdapterJson.Write((fields, writeDefault, writeStop, model, requestId), static (w, s) =>
        {
            w.WriteStartObject();
            foreach (var field in s.fields)
            {
                s.writeDefault(w, field, s.model, s.requestId);
            }

            s.writeStop(w, RefusalText.InputRefused);
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

    /// <summary>
    /// The original response's envelope <paramref name="fields"/> copied verbatim (or their defaults where absent),
    /// then the stop in place of the withheld output.
    /// </summary>
    public static ApiResponse BuildFiltered(JsonElement original, string[] fields, DefaultWriter writeDefault, StopWriter writeStop)
    {
        var body = AdapterJson.Write((original, fields, writeDefault, writeStop), static (w, s) =>
        {
            w.WriteStartObject();
            WriteFields(w, s.original, s.fields, s.writeDefault, static (w, field, writeDefault) => writeDefault(w, field, null, null));
            s.writeStop(w, RefusalText.OutputWithheld);
            w.WriteEndObject();
        });
        return new ApiResponse(200, body);
    }

    /// <summary>
    /// Writes each of <paramref name="fields"/> as the <paramref name="original"/> response has it, or its default
    /// where absent (or where the original is not an object). Shared with <see cref="OpenAIChoiceResponses"/> so the
    /// envelope is kept the same way for every API.
    /// </summary>
    public static void WriteFields<TState>(
        Utf8JsonWriter writer, JsonElement original, string[] fields, TState state, Action<Utf8JsonWriter, string, TState> writeDefault)
    {
        foreach (var field in fields)
        {
            if (original.ValueKind != JsonValueKind.Object || !AdapterJson.CopyProperty(writer, original, field))
            {
                writeDefault(writer, field, state);
            }
        }
    }

    /// <summary>
    /// Writes the default of an envelope field every API shares: <c>id</c> (<paramref name="idPrefix"/> and the request
    /// id, or a fresh id when an original response is replaced), <c>model</c> (the request's, else <c>unknown</c>)
    /// and <c>usage</c> (<paramref name="usageCounters"/> at zero). False for any other field, which the API writes.
    /// </summary>
    public static bool WriteSharedDefault(
        Utf8JsonWriter writer, string field, string idPrefix, string? model, string? requestId, ReadOnlySpan<string> usageCounters)
    {
        switch (field)
        {
            case "id":
                writer.WriteString("id", idPrefix + (requestId ?? AdapterJson.NewId()));
                return true;
            case "model":
                writer.WriteString("model", model ?? "unknown");
                return true;
            case "usage":
                WriteZeroUsage(writer, usageCounters);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A <c>usage</c> object with every one of <paramref name="counters"/> at zero, in order, as the API reports it for
    /// an answer with no tokens. A counter <c>parent.name</c> sits in the details object <c>parent</c> (consecutive
    /// counters of one parent share it): each API lists its own counters, one writer keeps their shape.
    /// </summary>
    public static void WriteZeroUsage(Utf8JsonWriter writer, ReadOnlySpan<string> counters)
    {
        writer.WriteStartObject("usage");
        string? open = null;
        foreach (var counter in counters)
        {
            var dot = counter.IndexOf('.', StringComparison.Ordinal);
            var parent = dot < 0 ? null : counter[..dot];
            if (open is not null && open != parent)
            {
                writer.WriteEndObject();
                open = null;
            }

            if (parent is not null && open is null)
            {
                writer.WriteStartObject(parent);
                open = parent;
            }

            writer.WriteNumber(dot < 0 ? counter : counter[(dot + 1)..], 0);
        }

        if (open is not null)
        {
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
