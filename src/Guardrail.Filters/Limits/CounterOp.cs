namespace Guardrail.Filters.Limits;

/// <summary>
/// One sliding-window counter touched by a <see cref="LimitOperation"/>. The window is <paramref name="Segments"/>
/// segments of <paramref name="SegmentMs"/>: an amount added now stops counting between one window minus one segment
/// and one window from now.
/// </summary>
/// <param name="Name">Counter name inside the partition, e.g. <c>req</c> or <c>r/openai:otm</c>.</param>
/// <param name="SegmentMs">Segment length in milliseconds.</param>
/// <param name="Segments">Segments per window.</param>
/// <param name="Limit">The limit (ignored by Peek, Force and Refund).</param>
/// <param name="Amount">The amount to consume, take, force or refund.</param>
/// <param name="Mode">What to do.</param>
/// <param name="AtMs">For Refund: the time (Unix ms) the amount was taken.</param>
internal readonly record struct CounterOp(string Name, long SegmentMs, int Segments, long Limit, long Amount, CounterMode Mode, long AtMs = 0)
{
    public const long MinuteSegmentMs = 5_000;
    public const int MinuteSegments = 12;
    public const long DaySegmentMs = 3_600_000;
    public const int DaySegments = 24;

    public long WindowMs => SegmentMs * Segments;

    public static CounterOp PerMinute(string name, long limit, long amount, CounterMode mode) =>
        new(name, MinuteSegmentMs, MinuteSegments, limit, amount, mode);

    public static CounterOp PerDay(string name, long limit, long amount, CounterMode mode) =>
        new(name, DaySegmentMs, DaySegments, limit, amount, mode);
}
