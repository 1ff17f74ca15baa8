using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>Small allocation-free helpers the assemblers share for reading event JSON with <see cref="Utf8JsonReader"/>.</summary>
internal static class StreamJson
{
    public const string NotJson = "event data is not valid JSON";
    public const string NotObject = "event data is not a JSON object";

    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>
    /// The malformed-event reason for a text-bearing field holding something other than text: the field's path plus
    /// where inside it (from <see cref="DeltaCollector.AddText"/>). Built only on failure.
    /// </summary>
    public static string NotText(string path, string inside) => string.Concat("'", path, inside, "' is not text");

    /// <summary>The malformed-event reason for a field that must be an object (or null) and is not.</summary>
    public static string NotAnObject(string path) => string.Concat("'", path, "' is not an object");

    /// <summary>
    /// For a value that must be an object or null, the reader on it: true on an object (left unread); otherwise the
    /// value is skipped and <paramref name="error"/> says it is not an object, unless it is null (nothing to read).
    /// </summary>
    public static bool IsObjectOrSkip(ref Utf8JsonReader reader, string path, out string? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Null)
        {
            error = NotAnObject(path);
        }

        reader.Skip();
        return false;
    }

    /// <summary>Data with surrounding JSON whitespace removed; empty data is a keep-alive, not an error.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8);

    /// <summary>
    /// The event's data with surrounding whitespace removed, or empty when it has none: an event without data, or
    /// with only whitespace, is a keep-alive for every API.
    /// </summary>
    public static ReadOnlySpan<byte> EventData(in SseFrame frame) => frame.HasData ? Trim(frame.Data.Span) : default;

    /// <summary>Moves to the property's value and returns it as an int, or null when it is not an integer.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    /// <summary>Moves to the property's value and returns it as a long, or null when it is not an integer.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    /// <summary>Moves to the property's value and returns it if it is a string (allocates: use once per stream).</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>Skips the property's value.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>
    /// Moves to a stop/finish reason value: the shared string for the common ones (no allocation), a new string for
    /// others, null for JSON null.
    /// </summary>
    public static string? ReadReason(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        foreach (var known in KnownReasons)
        {
            if (reader.ValueTextEquals(known))
            {
                return known;
            }
        }

        return reader.GetString();
    }

    /// <summary>
    /// Reads an error value (the reader is on its property name). Returns false for a JSON null (no error). The code
    /// is the <c>code</c> or else <c>type</c> of an error object; never the message, which may echo content.
    /// </summary>
    public static bool ReadError(ref Utf8JsonReader reader, out string? code)
    {
        reader.Read();
        code = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var present = reader.TokenType != JsonTokenType.Null;
            reader.Skip();
            return present;
        }

        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => code,
                };
                reader.Skip();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        code ??= type;
        return true;
    }

    /// <summary>Confirms nothing but whitespace follows the top-level value; throws <see cref="JsonException"/> otherwise.</summary>
    public static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Trailing content.");
        }
    }

    private static readonly string[] KnownReasons =
    [
        "stop", "length", "tool_calls", "content_filter", "function_call",
        "end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal",
        "max_output_tokens",
    ];
}
