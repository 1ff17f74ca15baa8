namespace Guardrail.Filters.Streaming;

/// <summary>
/// The growing answer as the classifier sees it. Text not yet classified is always kept whole; once classified, only
/// the last window is kept, so memory is bounded and each classification looks at a bounded amount of text (the total
/// cost grows linearly with the answer). Pending text longer than half a window (one huge event) is handed out in
/// pieces that overlap by half a window, so no text escapes classification and every piece has context before it.
/// Deltas of different kinds or indexes (text, each tool call's arguments, reasoning) are separated by a line break so
/// their words never fuse.
/// </summary>
internal sealed class StreamWindow
{
    private readonly int _windowChars;
    private char[] _buffer;
    private int _length;
    private int _classifiedEnd;
    private StreamDeltaKind _lastKind;
    private int _lastIndex = -1;
    private int _lastSubIndex = -1;

    public StreamWindow(int windowChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowChars, 16);
        _windowChars = windowChars;
        _buffer = new char[windowChars * 2];
    }

    /// <summary>Characters appended and not yet handed out by <see cref="NextWindow"/>.</summary>
    public int PendingChars => _length - _classifiedEnd;

    /// <summary>Characters of output seen in all.</summary>
    public long TotalChars { get; private set; }

    public void Append(in StreamDelta delta)
    {
        var text = delta.Text.Span;
        if (text.IsEmpty)
        {
            return;
        }

        if (_lastIndex >= 0 && (delta.Kind != _lastKind || delta.Index != _lastIndex || delta.SubIndex != _lastSubIndex))
        {
            Write("\n");
        }

        (_lastKind, _lastIndex, _lastSubIndex) = (delta.Kind, delta.Index, delta.SubIndex);
        Write(text);
        TotalChars += text.Length;
    }

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
