namespace Guardrail.Filters.Streaming;

/// <summary>
/// The growing answer as the classifier sees it: only the last <c>windowChars</c> characters are kept, so the cost of
/// each classification is bounded and the total cost grows linearly with the answer. Deltas of different kinds or
/// indexes (text, each tool call's arguments, reasoning) are separated by a line break so their words never fuse.
/// </summary>
internal sealed class StreamWindow
{
    private readonly int _windowChars;
    private readonly char[] _buffer;
    private int _length;
    private StreamDeltaKind _lastKind;
    private int _lastIndex = -1;
    private int _lastSubIndex = -1;

    public StreamWindow(int windowChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowChars, 16);
        _windowChars = windowChars;

        // Twice the window: appends are amortised O(1) and the tail is always contiguous.
        _buffer = new char[windowChars * 2];
    }

    /// <summary>Characters appended since the last <see cref="TakeSnapshot"/>.</summary>
    public int PendingChars { get; private set; }

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
        PendingChars += text.Length;
        TotalChars += text.Length;
    }

    /// <summary>The last window of output, and marks everything so far as classified.</summary>
    public string TakeSnapshot()
    {
        PendingChars = 0;
        var start = Math.Max(0, _length - _windowChars);
        return new string(_buffer, start, _length - start);
    }

    private void Write(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (_length == _buffer.Length)
            {
                // Keep the last window; everything before it has been classified and cannot matter again.
                Array.Copy(_buffer, _length - _windowChars, _buffer, 0, _windowChars);
                _length = _windowChars;
            }

            var n = Math.Min(text.Length, _buffer.Length - _length);
            text[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            text = text[n..];
        }
    }
}
