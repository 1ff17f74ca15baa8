using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Clamps a request's output maximum (<c>max_tokens</c>, <c>max_completion_tokens</c>, <c>max_output_tokens</c>) to
/// what the client has left, by splicing the number in the original bytes: everything else is forwarded exactly as
/// screened. Every top-level occurrence is clamped (a duplicated key must not let one copy through), escaped key
/// spellings and case variants included; <c>n</c> and <c>best_of</c> (numbers or numeric strings) divide the allowance, since each choice is generated and billed.
/// </summary>
internal static class OutputCapRewriter
{
    private static readonly string[] ChoiceFields = ["n", "best_of"];

    /// <summary>
    /// Rewrites <paramref name="json"/> (a JSON object the adapter already accepted) for the output fields its
    /// adapter declares (<see cref="IApiAdapter.OutputLimits"/>; none: nothing changes). Returns the new body, or null
    /// when nothing needs to change; <c>Error</c> is a client-facing message (a maximum that is not a number) and
    /// <c>NoAllowance</c> says the allowance divided by the number of choices leaves nothing.
    /// </summary>
    public static (byte[]? Body, string? Error, bool NoAllowance) Rewrite(
        ReadOnlySpan<byte> json, OutputLimitFields? limits, long allowance, long insertUpTo)
    {
        if (limits is not { Fields: var fields, Insert: var insert })
        {
            return (null, null, false);
        }

        var spans = new List<(int Start, int End, bool Null, double Value)>();
        long choices = 1;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null, false);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCap = Matches(ref reader, fields);
                var isChoices = !isCap && Matches(ref reader, ChoiceFields);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                var end = (int)reader.BytesConsumed;
                if (isChoices)
                {
                    if (ChoiceCount(ref reader) is not { } count)
                    {
                        return (null, $"'{string.Join("' and '", ChoiceFields)}' must be a whole number", false);
                    }

                    choices = Math.Max(choices, count);
                }

                if (!isCap)
                {
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        spans.Add((start, end, true, 0));
                        break;
                    case JsonTokenType.Number when reader.TryGetDouble(out var value):
                        spans.Add((start, end, false, value));
                        break;
                    default:
                        return (null, $"'{string.Join("' and '", fields)}' must be a whole number", false);
                }
            }
        }
        catch (JsonException)
        {
            return (null, null, false); // The adapter parsed it; a reader disagreement changes nothing here.
        }

        var cap = allowance / choices;
        if (cap < 1)
        {
            return (null, null, true);
        }

        var capText = Encoding.UTF8.GetBytes(cap.ToString(CultureInfo.InvariantCulture));
        var output = new ArrayBufferWriter<byte>(json.Length + 48);
        var given = spans.Any(s => !s.Null);
        if (!given)
        {
            // Only numbers every model accepts are inserted; a larger unrequested maximum is left to the meter.
            if (cap > insertUpTo)
            {
                return (null, null, false);
            }

            var open = json.IndexOf((byte)'{');
            output.Write(json[..(open + 1)]);
            output.Write(Encoding.UTF8.GetBytes("\"" + insert + "\":"));
            output.Write(capText);
            var rest = json[(open + 1)..];
            if (!IsEmptyObjectTail(rest))
            {
                output.Write(","u8);
            }

            var cursor = 0;
            foreach (var (start, end, _, _) in spans)
            {
                // A null maximum next to the inserted one would be a duplicate key with another value: cap it too.
                var relStart = start - open - 1;
                var relEnd = end - open - 1;
                output.Write(rest[cursor..relStart]);
                output.Write(capText);
                cursor = relEnd;
            }

            output.Write(rest[cursor..]);
            return (output.WrittenSpan.ToArray(), null, false);
        }

        var changed = false;
        var position = 0;
        foreach (var (start, end, isNull, value) in spans)
        {
            if (!isNull && value <= cap)
            {
                continue;
            }

            output.Write(json[position..start]);
            output.Write(capText);
            position = end;
            changed = true;
        }

        if (!changed)
        {
            return (null, null, false);
        }

        output.Write(json[position..]);
        return (output.WrittenSpan.ToArray(), null, false);
    }

    /// <summary>
    /// How many choices a value of <c>n</c>/<c>best_of</c> asks for, read the way lax upstreams read it (Python
    /// servers coerce <c>"100"</c>, <c>100.0</c> and <c>true</c>); null for a value no reading makes a count of.
    /// Absent-like values (null, false) ask for one.
    /// </summary>
    private static long? ChoiceCount(ref Utf8JsonReader reader)
    {
        double value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.False or JsonTokenType.True:
                return 1;
            case JsonTokenType.Number when reader.TryGetDouble(out value):
                break;
            case JsonTokenType.String:
                var text = reader.GetString()?.Trim().Replace("_", "", StringComparison.Ordinal) ?? "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || double.IsNaN(value))
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        // A fraction rounds up: the allowance is divided by at least as many choices as any reading generates.
        return value <= 1 ? 1 : (long)Math.Min(Math.Ceiling(value), int.MaxValue);
    }

    /// <summary>
    /// Field names compare case-insensitively (with Unicode simple folding, as Go's decoder does for Ollama): a
    /// <c>"Max_Tokens"</c> that an upstream reads as the real field is capped too.
    /// </summary>
    private static bool Matches(ref Utf8JsonReader reader, IReadOnlyList<string> names)
    {
        var name = KeyFolding.Fold(reader.GetString() ?? "");
        foreach (var candidate in names)
        {
            if (string.Equals(name, candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEmptyObjectTail(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'}';
        }

        return false;
    }
}
