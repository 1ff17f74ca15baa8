namespace Guardrail.Filters.Streaming;

/// <summary>
/// The answer as the classifier sees it: one <see cref="StreamWindow"/> per parallel output — each choice's text,
/// each tool call's arguments, each content block, each output item's part, each path of other strings — so words
/// split across interleaved choices, blocks or items are read whole in their own output and never fused with, or cut
/// by, another's. A classification round judges every window with pending text (other strings first, so a halt knows
/// whether the stream's metadata was judged); events are released only after a round, so every window holds back its
/// own unjudged text. Strings of <see cref="StreamDeltaKind.Other"/> that repeat the last one on their path, or
/// repeat the whole text of a judged output (the final events' copies), are not judged twice.
/// </summary>
internal sealed class StreamWindows
{
    private readonly int _windowChars;
    private readonly int _stepChars;
    private readonly int _maxWindows;
    private readonly List<StreamWindow> _windows = [];
    private StreamWindow? _last;
    private long _event;
    private int _pending;
    private int _otherPending;
    private bool _stepReached;

    /// <param name="windowChars">Characters each classification sees.</param>
    /// <param name="stepChars">New characters in one output that call for a classification.</param>
    /// <param name="maxWindows">Parallel outputs one stream may have; past it the stream cannot be judged.</param>
    public StreamWindows(int windowChars, int stepChars, int maxWindows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowChars, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        _windowChars = windowChars;
        _stepChars = Math.Max(1, stepChars);
        _maxWindows = maxWindows;
    }

    /// <summary>Characters appended to all windows and not yet handed out.</summary>
    public int PendingChars => _pending;

    /// <summary>Pending characters of <see cref="StreamDeltaKind.Other"/> windows (metadata not judged yet).</summary>
    public int OtherPendingChars => _otherPending;

    /// <summary>Characters of output seen in all.</summary>
    public long TotalChars { get; private set; }

    /// <summary>Parallel outputs seen so far.</summary>
    public int Count => _windows.Count;

    /// <summary>
    /// True when a classification is due: one output of generated text has a step of new text, or all of them together
    /// a window's worth (many outputs each a little behind: bounded memory and client lag).
    /// </summary>
    public bool StepReached => _stepReached || _pending >= _windowChars;

    /// <summary>Starts a new event: strings of one event on one path are a list, not one text.</summary>
    public void BeginEvent() => _event++;

    /// <summary>
    /// Appends a delta to its output's window. Returns false when the stream has more parallel outputs than can be
    /// judged (the caller halts: failing closed).
    /// </summary>
    public bool Append(in StreamDelta delta)
    {
        var text = delta.Text.Span;
        if (text.IsEmpty)
        {
            return true;
        }

        var window = Find(delta.Kind, delta.Index, delta.SubIndex);
        var other = delta.Kind == StreamDeltaKind.Other;
        var hash = 0;
        if (other)
        {
            hash = StreamWindow.HashOf(text);
            if ((window is not null && window.IsRepeat(text, hash)) || RepeatsOutput(text.Length, hash))
            {
                return true;
            }
        }

        if (window is null)
        {
            if (_windows.Count >= _maxWindows)
            {
                return false;
            }

            window = new StreamWindow(_windowChars, delta.Kind, delta.Index, delta.SubIndex);
            _windows.Add(window);
        }

        _last = window;
        var before = window.PendingChars;
        window.Append(text, _event, listInEvent: other);
        if (other)
        {
            window.SetLast(text.Length, hash);
            _otherPending += window.PendingChars - before;
        }

        _pending += window.PendingChars - before;
        // Other strings ride along with the next round (or call one when an event has nothing else): they must not
        // make a round judge a part-step of the answer alone, which would release its opening words one by one.
        _stepReached |= !other && window.PendingChars >= _stepChars;
        TotalChars += text.Length;
        return true;
    }

    /// <summary>
    /// The next window to classify, other strings first, or null when every output's text has been handed out (a
    /// round is over). <paramref name="kind"/> says whose text it is.
    /// </summary>
    public string? NextWindow(out StreamDeltaKind kind)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var window in _windows)
            {
                if (window.PendingChars == 0 || (window.Kind == StreamDeltaKind.Other) != (pass == 0))
                {
                    continue;
                }

                var before = window.PendingChars;
                var text = window.NextWindow();
                var handed = before - window.PendingChars;
                _pending -= handed;
                if (window.Kind == StreamDeltaKind.Other)
                {
                    _otherPending -= handed;
                }

                kind = window.Kind;
                return text;
            }
        }

        foreach (var window in _windows)
        {
            // Lets each window drop what is no longer context.
            _ = window.NextWindow();
        }

        _stepReached = false;
        kind = default;
        return null;
    }

    private StreamWindow? Find(StreamDeltaKind kind, int index, int subIndex)
    {
        // Consecutive deltas usually belong to the same output.
        if (_last is { } last && last.Kind == kind && last.Index == index && last.SubIndex == subIndex)
        {
            return last;
        }

        foreach (var window in _windows)
        {
            if (window.Kind == kind && window.Index == index && window.SubIndex == subIndex)
            {
                return window;
            }
        }

        return null;
    }

    // A final event repeating one output's whole text (Responses *.done, response.completed, an item echoed whole).
    private bool RepeatsOutput(int length, int hash)
    {
        foreach (var window in _windows)
        {
            if (window.Kind != StreamDeltaKind.Other && window.TotalChars == length && window.FullHash == hash)
            {
                return true;
            }
        }

        return false;
    }
}
