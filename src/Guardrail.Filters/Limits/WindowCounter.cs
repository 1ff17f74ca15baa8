namespace Guardrail.Filters.Limits;

/// <summary>
/// One sliding-window counter in memory: a ring of segment sums. The Lua scripts of <see cref="RedisScripts"/>
/// implement the same arithmetic on a Redis hash, so both modes count alike. Not thread-safe: the owning
/// partition's lock guards it.
/// </summary>
internal sealed class WindowCounter
{
    private readonly long[] _ids;
    private readonly long[] _values;

    public WindowCounter(long segmentMs, int segments)
    {
        SegmentMs = segmentMs;
        Segments = segments;
        _ids = new long[segments];
        _values = new long[segments];
        Array.Fill(_ids, long.MinValue);
    }

    public long SegmentMs { get; }

    public int Segments { get; }

    public bool Matches(long segmentMs, int segments) => SegmentMs == segmentMs && Segments == segments;

    public long Used(long nowMs)
    {
        var oldest = (nowMs / SegmentMs) - Segments + 1;
        long used = 0;
        for (var i = 0; i < _ids.Length; i++)
        {
            if (_ids[i] >= oldest)
            {
                used += _values[i];
            }
        }

        return Math.Max(0, used);
    }

    public void Add(long nowMs, long amount)
    {
        var current = nowMs / SegmentMs;
        var slot = (int)(current % Segments);
        if (_ids[slot] != current)
        {
            _ids[slot] = current;
            _values[slot] = 0;
        }

        _values[slot] += amount;
    }

    public void Refund(long nowMs, long atMs, long amount)
    {
        var segment = atMs / SegmentMs;
        var oldest = (nowMs / SegmentMs) - Segments + 1;
        var slot = (int)(segment % Segments);
        if (segment >= oldest && _ids[slot] == segment)
        {
            _values[slot] -= Math.Min(amount, _values[slot]);
        }
    }

    /// <summary>Milliseconds until at least <paramref name="free"/> has left the window (the whole window if never).</summary>
    public long TimeUntilFreed(long nowMs, long free)
    {
        var current = nowMs / SegmentMs;
        long freed = 0;
        for (var segment = current - Segments + 1; segment <= current; segment++)
        {
            var slot = (int)(((segment % Segments) + Segments) % Segments);
            if (_ids[slot] == segment)
            {
                freed += _values[slot];
            }

            if (freed >= free && freed > 0)
            {
                return ((segment + Segments) * SegmentMs) - nowMs;
            }
        }

        return ((current + Segments) * SegmentMs) - nowMs;
    }

    /// <summary>Milliseconds until the window holds nothing; 0 when it is empty now.</summary>
    public long ResetAfter(long nowMs)
    {
        var current = nowMs / SegmentMs;
        for (var segment = current; segment > current - Segments; segment--)
        {
            var slot = (int)(((segment % Segments) + Segments) % Segments);
            if (_ids[slot] == segment && _values[slot] > 0)
            {
                return ((segment + Segments) * SegmentMs) - nowMs;
            }
        }

        return 0;
    }

    public bool IsEmpty(long nowMs) => Used(nowMs) == 0;
}
