using System.Text;
using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// The reusable buffers an assembler reports deltas from: one char buffer holding every delta's text for the current
/// event and one delta array, both reset per event, so steady-state streaming allocates nothing here.
/// </summary>
internal sealed class DeltaCollector
{
    private const int InitialChars = 256;

    // Above this the buffer is dropped at the next event, so one huge delta does not pin memory for the whole stream.
    private const int RetainedChars = 64 * 1024;

    private char[] _chars = new char[InitialChars];
    private StreamDelta[] _deltas = new StreamDelta[4];
    private int _charCount;
    private int _deltaCount;

    public int Count => _deltaCount;

    public ReadOnlyMemory<StreamDelta> Deltas => _deltas.AsMemory(0, _deltaCount);

    public void Reset()
    {
        _charCount = 0;
        _deltaCount = 0;
        if (_chars.Length > RetainedChars)
        {
            _chars = new char[InitialChars];
        }
    }

    /// <summary>Decodes the string token under <paramref name="reader"/> into the buffer; empty strings are skipped.</summary>
    public void AddString(ref Utf8JsonReader reader, StreamDeltaKind kind, int index, int subIndex)
    {
        var sourceStart = (int)reader.TokenStartIndex;
        var sourceEnd = sourceStart + reader.ValueSpan.Length + 2;
        var (start, length) = CopyString(ref reader);
        Add(kind, index, subIndex, start, length, sourceStart, sourceEnd);
    }

    /// <summary>Adds raw UTF-8 (e.g. a JSON value's source text) as a delta.</summary>
    public void AddUtf8(ReadOnlySpan<byte> utf8, StreamDeltaKind kind, int index, int subIndex, int sourceStart = -1, int sourceEnd = -1)
    {
        EnsureChars(utf8.Length);
        var start = _charCount;
        _charCount += Encoding.UTF8.GetChars(utf8, _chars.AsSpan(start));
        Add(kind, index, subIndex, start, _charCount - start, sourceStart, sourceEnd);
    }

    /// <summary>Adds chars (an SSE line, an event name) as a delta.</summary>
    public void AddChars(ReadOnlySpan<char> text, StreamDeltaKind kind, int index, int subIndex)
    {
        EnsureChars(text.Length);
        var start = _charCount;
        text.CopyTo(_chars.AsSpan(start));
        _charCount += text.Length;
        Add(kind, index, subIndex, start, text.Length);
    }

    /// <summary>Decodes the string token under <paramref name="reader"/> and returns where it landed.</summary>
    public (int Start, int Length) CopyString(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        EnsureChars(raw.Length);
        var start = _charCount;
        var destination = _chars.AsSpan(start);
        var written = reader.ValueIsEscaped ? Unescape(raw, destination) : Encoding.UTF8.GetChars(raw, destination);
        _charCount += written;
        return (start, written);
    }

    /// <summary>
    /// Adds the generated text of a text-bearing value and consumes the value (the reader is on its first token): a
    /// string is one delta; null adds nothing; an array is a list of content parts (strings, or objects read as
    /// below); an object is one content part, whose <c>text</c>, <c>refusal</c> and <c>transcript</c> are text of
    /// <paramref name="kind"/> and whose <c>thinking</c>, <c>reasoning</c> and <c>reasoning_content</c> are reasoning,
    /// each read by the same rule (Mistral streams <c>[{"type":"thinking","thinking":[{"type":"text",...}]}]</c>).
    /// Returns null when the value was read, else where in it something other than text sits, relative to the value
    /// (<c>""</c> for the value itself, <c>"[].text"</c> for a part's field): such an event must count as malformed,
    /// not as one without text, or the text would pass unjudged.
    /// </summary>
    public string? AddText(ref Utf8JsonReader reader, StreamDeltaKind kind)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                AddString(ref reader, kind, 0, 0);
                return null;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                return AddParts(ref reader, kind);
            case JsonTokenType.StartObject:
                // A lone part must carry text; a part inside an array may be something else (an image).
                var error = AddPart(ref reader, kind, out var hasTextField);
                return error ?? (hasTextField ? null : string.Empty);
            default:
                return string.Empty;
        }
    }

    /// <summary>
    /// Like <see cref="AddText"/>, but an object is a content part that may carry no text at all (an image, audio):
    /// only its text fields are read.
    /// </summary>
    public string? AddPartText(ref Utf8JsonReader reader, StreamDeltaKind kind)
        => reader.TokenType == JsonTokenType.StartObject ? AddPart(ref reader, kind, out _) : AddText(ref reader, kind);

    /// <summary>
    /// Adds a JSON object or array's source text (the reader is on its start token; the value is consumed) as one
    /// delta, for tool input sent as JSON rather than as a string. Empty containers add nothing.
    /// </summary>
    public void AddRawJson(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, StreamDeltaKind kind)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        var raw = data[start..end];
        if (!raw.SequenceEqual("{}"u8) && !raw.SequenceEqual("[]"u8))
        {
            AddUtf8(raw, kind, 0, 0, start, end);
        }
    }

    public void Add(StreamDeltaKind kind, int index, int subIndex, int start, int length, int sourceStart = -1, int sourceEnd = -1)
    {
        if (length == 0)
        {
            return;
        }

        if (_deltaCount == _deltas.Length)
        {
            Array.Resize(ref _deltas, _deltas.Length * 2);
        }

        _deltas[_deltaCount++] = new StreamDelta(kind, index, subIndex, _chars.AsMemory(start, length), sourceStart, sourceEnd);
    }

    /// <summary>Drops deltas past the first <paramref name="count"/>: read before the event's type said they do not count.</summary>
    public void Truncate(int count) => _deltaCount = Math.Min(_deltaCount, count);

    /// <summary>Sets the index of deltas added since <paramref name="mark"/>, for JSON where the index property
    /// comes after the text.</summary>
    public void SetIndex(int mark, int index)
    {
        for (var i = mark; i < _deltaCount; i++)
        {
            var delta = _deltas[i];
            _deltas[i] = delta.With(delta.Kind, index, delta.SubIndex);
        }
    }

    /// <summary>Keeps only the deltas in [<paramref name="start"/>, <paramref name="end"/>), moved to the front, for
    /// events whose type (read after their fields) says which of their fields is text.</summary>
    public void Keep(int start, int end)
    {
        if (start > 0)
        {
            Array.Copy(_deltas, start, _deltas, 0, end - start);
        }

        _deltaCount = end - start;
    }

    /// <summary>Sets the kind (when given), index and sub-index of deltas added since <paramref name="mark"/>.</summary>
    public void Retag(int mark, StreamDeltaKind? kind, int index, int subIndex)
    {
        for (var i = mark; i < _deltaCount; i++)
        {
            var delta = _deltas[i];
            _deltas[i] = delta.With(kind ?? delta.Kind, index, subIndex);
        }
    }

    /// <summary>Sets the sub-index of deltas added since <paramref name="mark"/>.</summary>
    public void SetSubIndex(int mark, int subIndex)
    {
        for (var i = mark; i < _deltaCount; i++)
        {
            var delta = _deltas[i];
            _deltas[i] = delta.With(delta.Kind, delta.Index, subIndex);
        }
    }

    private string? AddParts(ref Utf8JsonReader reader, StreamDeltaKind kind)
    {
        string? error = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var partError = reader.TokenType == JsonTokenType.StartObject ? AddPart(ref reader, kind, out _) : AddText(ref reader, kind);
            if (partError is not null)
            {
                // Only the first failure is reported; the rest of the array is still consumed.
                error ??= "[]" + partError;
            }
        }

        return error;
    }

    private string? AddPart(ref Utf8JsonReader reader, StreamDeltaKind kind, out bool hasTextField)
    {
        hasTextField = false;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (field, fieldKind) = reader.ValueTextEquals("text"u8) ? ("text", kind)
                : reader.ValueTextEquals("thinking"u8) ? ("thinking", StreamDeltaKind.Reasoning)
                : reader.ValueTextEquals("refusal"u8) ? ("refusal", kind)
                : reader.ValueTextEquals("transcript"u8) ? ("transcript", kind)
                : reader.ValueTextEquals("reasoning"u8) ? ("reasoning", StreamDeltaKind.Reasoning)
                : reader.ValueTextEquals("reasoning_content"u8) ? ("reasoning_content", StreamDeltaKind.Reasoning)
                : ((string?)null, kind);
            reader.Read();
            if (field is null)
            {
                reader.Skip();
                continue;
            }

            hasTextField = true;
            var fieldError = AddText(ref reader, fieldKind);
            if (fieldError is not null)
            {
                error ??= "." + field + fieldError;
            }
        }

        return error;
    }

    private void EnsureChars(int more)
    {
        if (_charCount + more <= _chars.Length)
        {
            return;
        }

        // Deltas already added keep pointing at the old array, whose content no longer changes; positions returned
        // by CopyString but not yet added stay valid because the content is copied over.
        var bigger = new char[Math.Max(_chars.Length * 2, _charCount + more)];
        _chars.AsSpan(0, _charCount).CopyTo(bigger);
        _chars = bigger;
    }

    // JSON unescaping that keeps a lone \uD83D as a lone surrogate instead of failing: models stream one token at a
    // time and a token boundary can split a surrogate pair across two events. The reader has already validated the
    // escape syntax, so every backslash is followed by a valid escape.
    private static int Unescape(ReadOnlySpan<byte> source, Span<char> destination)
    {
        var written = 0;
        while (!source.IsEmpty)
        {
            var backslash = source.IndexOf((byte)'\\');
            var run = backslash < 0 ? source : source[..backslash];
            written += Encoding.UTF8.GetChars(run, destination[written..]);
            if (backslash < 0)
            {
                break;
            }

            var escape = source[backslash + 1];
            var consumed = 2;
            char c;
            switch (escape)
            {
                case (byte)'b': c = '\b'; break;
                case (byte)'f': c = '\f'; break;
                case (byte)'n': c = '\n'; break;
                case (byte)'r': c = '\r'; break;
                case (byte)'t': c = '\t'; break;
                case (byte)'u':
                    c = (char)((Hex(source[backslash + 2]) << 12) | (Hex(source[backslash + 3]) << 8) | (Hex(source[backslash + 4]) << 4) | Hex(source[backslash + 5]));
                    consumed = 6;
                    break;
                default: c = (char)escape; break;
            }

            destination[written++] = c;
            source = source[(backslash + consumed)..];
        }

        return written;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };
}
