using System.Collections.Concurrent;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// What one shadow candidate has seen since it started: samples offered, screened, dropped, failed, and the
/// disagreements with the live policy by direction, kind and category. Updated by the request path (offered, dropped)
/// and the shadow worker (the rest) without locks.
/// </summary>
internal sealed class ShadowStats
{
    private readonly ConcurrentDictionary<string, long> _screened = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _disagreements = new(StringComparer.Ordinal);
    private long _offered;
    private long _agreed;
    private long _droppedQueueFull;
    private long _droppedBusy;
    private long _shadowErrors;
    private long _liveUndecided;
    private long _missingPolicy;
    private long _samplesAudited;
    private long _samplesSuppressed;
    private long _screenTicks;

    public long Offered => Interlocked.Read(ref _offered);

    public long DroppedQueueFull => Interlocked.Read(ref _droppedQueueFull);

    public long DroppedBusy => Interlocked.Read(ref _droppedBusy);

    public long ShadowErrors => Interlocked.Read(ref _shadowErrors);

    public void CountOffered() => Interlocked.Increment(ref _offered);

    public void CountQueueFull() => Interlocked.Increment(ref _droppedQueueFull);

    public void CountBusy() => Interlocked.Increment(ref _droppedBusy);

    public void CountShadowError() => Interlocked.Increment(ref _shadowErrors);

    public void CountLiveUndecided() => Interlocked.Increment(ref _liveUndecided);

    public void CountMissingPolicy() => Interlocked.Increment(ref _missingPolicy);

    public void CountSample(bool audited) => Interlocked.Increment(ref audited ? ref _samplesAudited : ref _samplesSuppressed);

    /// <summary>One sample screened by the shadow policy and compared; <paramref name="kind"/> null when both agreed.</summary>
    public void CountCompared(string direction, string? kind, string? category, TimeSpan elapsed)
    {
        _screened.AddOrUpdate(direction, 1, static (_, n) => n + 1);
        Interlocked.Add(ref _screenTicks, elapsed.Ticks);
        if (kind is null)
        {
            Interlocked.Increment(ref _agreed);
            return;
        }

        _disagreements.AddOrUpdate(Key(direction, kind, category ?? "none"), 1, static (_, n) => n + 1);
    }

    /// <summary><c>direction/kind/category</c>: the key of one disagreement counter (audit summaries, reports).</summary>
    public static string Key(string direction, string kind, string category) => $"{direction}/{kind}/{category}";

    public ShadowSnapshot Snapshot()
    {
        var screened = new SortedDictionary<string, long>(_screened, StringComparer.Ordinal);
        var total = screened.Values.Sum();
        return new ShadowSnapshot
        {
            Offered = Offered,
            Screened = screened,
            Agreed = Interlocked.Read(ref _agreed),
            DroppedQueueFull = DroppedQueueFull,
            DroppedBusy = DroppedBusy,
            ShadowErrors = ShadowErrors,
            LiveUndecided = Interlocked.Read(ref _liveUndecided),
            MissingPolicy = Interlocked.Read(ref _missingPolicy),
            SamplesAudited = Interlocked.Read(ref _samplesAudited),
            SamplesSuppressed = Interlocked.Read(ref _samplesSuppressed),
            MeanShadowMs = total == 0 ? 0 : Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _screenTicks)).TotalMilliseconds / total, 3),
            Disagreements = new SortedDictionary<string, long>(_disagreements, StringComparer.Ordinal),
        };
    }
}
