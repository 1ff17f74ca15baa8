namespace Guardrail.Filters.Streaming;

/// <summary>
/// One parallel output's text as the classifier sees it (one choice's content, one tool call's arguments, one
/// content block, one output item's part, one path of other strings). Text not yet classified is always kept whole;
/// once classified, only the last window is kept, so memory is bounded and each classification looks at a bounded
/// amount of text (the total cost grows linearly with the answer). Pending text longer than half a window (one huge
/// event) is handed out in pieces that overlap by half a window, so no text escapes classification and every piece
/// has context before it. A running hash of everything appended lets a final event that repeats the whole text
/// (<c>response.output_text.done</c>, <c>response.completed</c>) be recognised as already judged.
/// </summary>
internal sealed class StreamWindow
{
    private const int InitialChars = 64;

    private readonly int _windowChars;
    private char[] _buffer;
    private int _length;
    private int _classifiedEnd;
    private HashCode _hash;
    private int _lastHash;
    private int _lastLength = -1;
    private long _lastEvent = -1;

    public StreamWindow(int windowChars, StreamDeltaKind kind, int index, int subIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowChars, 16);
        _windowChars = windowChars;

        // Most parallel outputs are short (a tool call id, a model name): the buffer grows to two windows on demand.
        _buffer = new char[Math.Min(InitialChars, windowChars * 2)];
        Kind = kind;
        Index = index;
        SubIndex = subIndex;
    }

    public StreamDeltaKind Kind { get; }

    public int Index { get; }

    public int SubIndex { get; }

    /// <summary>Characters appended and not yet handed out by <see cref="NextWindow"/>.</summary>
    public int PendingChars => _length - _classifiedEnd;

    /// <summary>Characters appended in all.</summary>
    public long TotalChars { get; private set; }

    /// <summary>The hash of everything appended (see <see cref="HashOf"/>).</summary>
    public int FullHash
    {
        get
        {
            // ToHashCode may be called once per instance: finish a copy.
            var copy = _hash;
            return copy.ToHashCode();
        }
    }

    /// <summary>A process-seeded hash of <paramref name="text"/>, equal to <see cref="FullHash"/> of a window that
    /// was given exactly that text however it was split.</summary>
    public static int HashOf(ReadOnlySpan<char> text)
    {
        var hash = default(HashCode);
        foreach (var c in text)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Appends text. With <paramref name="listInEvent"/>, several strings of one event (numbered by
    /// <paramref name="eventSerial"/>) are a list and kept apart by a line break; pieces of one field across events
    /// are joined as they are.
    /// </summary>
    public void Append(ReadOnlySpan<char> text, long eventSerial, bool listInEvent)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (listInEvent && _lastEvent == eventSerial && TotalChars > 0)
        {
            Write("\n");
        }

        _lastEvent = eventSerial;
        foreach (var c in text)
        {
            _hash.Add(c);
        }

        Write(text);
        TotalChars += text.Length;
    }

    /// <summary>True when <paramref name="text"/> (with hash <paramref name="hash"/>) is the string appended last,
    /// e.g. the same id or event name again: judged already, not worth judging twice.</summary>
    public bool IsRepeat(ReadOnlySpan<char> text, int hash) => text.Length == _lastLength && hash == _lastHash;

    /// <summary>Remembers the string just appended for <see cref="IsRepeat"/>.</summary>
    public void SetLast(int length, int hash) => (_lastLength, _lastHash) = (length, hash);

    /// <summary>
    /// The next window to classify — ending at most half a window after what was classified before, with the text
    /// before it as context — or null when everything has been handed out.
    /// </summary>
    public string? NextWindow()
    {
        if (_classifiedEnd >= _length)
        {
            Compact();
            return null;
        }

        var half = _windowChars / 2;
        var end = _length - _classifiedEnd <= half ? _length : _classifiedEnd + half;
        var start = Math.Max(0, end - _windowChars);
        _classifiedEnd = end;
        return new string(_buffer, start, end - start);
    }

    private void Compact()
    {
        // Everything is classified: only the last window can still matter (as context for what comes next).
        if (_length <= _windowChars * 2)
        {
            return;
        }

        Array.Copy(_buffer, _length - _windowChars, _buffer, 0, _windowChars);
        _length = _classifiedEnd = _windowChars;
    }

    private void Write(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            if (_classifiedEnd == _length)
            {
                Compact();
            }

            if (_length + text.Length > _buffer.Length)
            {
                // Unclassified text is never dropped; the event cap (max_event_bytes) bounds how far this grows.
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + text.Length));
            }
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }
}
