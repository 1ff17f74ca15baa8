namespace Guardrail.Load.Engine;

/// <summary>
/// Everything one measured phase records. An iteration's latency runs from its <em>intended</em> start to its end,
/// so time an arrival spent waiting to be sent counts against the system; the service time (from the actual send)
/// and the send lag are kept beside it, so a report can tell queueing from serving. Thread-safe.
/// </summary>
internal sealed class LoadRecorder
{
    private readonly Lock _lock = new();
    private readonly List<BucketAccumulator> _buckets = [];
    private readonly Dictionary<string, StepStats> _steps = new(StringComparer.Ordinal);
    private readonly long[] _dropped = new long[Enum.GetValues<DropReason>().Length];
    private long _started;
    private long _ok;
    private long _failed;

    public LoadRecorder(TimeSpan phaseStart) => PhaseStart = phaseStart;

    /// <summary>The clock reading at which the phase began; timeline seconds count from it.</summary>
    public TimeSpan PhaseStart { get; }

    /// <summary>From intended start to end of the iteration.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>From actual send to end of the iteration.</summary>
    public LatencyHistogram ServiceTime { get; } = new();

    /// <summary>From intended start to actual send (the generator's own lateness).</summary>
    public LatencyHistogram SendLag { get; } = new();

    public MetricSet Metrics { get; } = new();

    public long Started => Interlocked.Read(ref _started);

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped(DropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public long DroppedTotal => _dropped.Sum(d => Interlocked.Read(ref d));

    public StepStats Step(string name)
    {
        lock (_lock)
        {
            if (!_steps.TryGetValue(name, out var stats))
            {
                _steps[name] = stats = new StepStats(name);
            }

            return stats;
        }
    }

    public void RecordStart(TimeSpan intended, TimeSpan actual)
    {
        Interlocked.Increment(ref _started);
        SendLag.Record(actual - intended);
    }

    public void RecordEnd(TimeSpan intended, TimeSpan actual, TimeSpan end, bool ok)
    {
        var latency = end - intended;
        Latency.Record(latency);
        ServiceTime.Record(end - actual);
        Interlocked.Increment(ref ok ? ref _ok : ref _failed);
        lock (_lock)
        {
            Bucket(end).Add(ok, latency);
        }
    }

    public void RecordDrop(TimeSpan intended, DropReason reason)
    {
        Interlocked.Increment(ref _dropped[(int)reason]);
        lock (_lock)
        {
            Bucket(intended).Dropped++;
        }
    }

    public IReadOnlyList<TimelineBucket> Timeline()
    {
        lock (_lock)
        {
            return _buckets.Select((b, i) => b.Freeze(i)).ToList();
        }
    }

    public IReadOnlyList<StepSummary> StepSummaries()
    {
        lock (_lock)
        {
            return _steps.Values.Select(s => s.Summarize()).ToList();
        }
    }

    private BucketAccumulator Bucket(TimeSpan at)
    {
        var second = Math.Max(0, (int)(at - PhaseStart).TotalSeconds);
        while (_buckets.Count <= second)
        {
            _buckets.Add(new BucketAccumulator());
        }

        return _buckets[second];
    }

    private sealed class BucketAccumulator
    {
        public long Ok;
        public long Failed;
        public long Dropped;
        private double _sumMs;
        private double _maxMs;

        public void Add(bool ok, TimeSpan latency)
        {
            if (ok)
            {
                Ok++;
            }
            else
            {
                Failed++;
            }

            _sumMs += latency.TotalMilliseconds;
            _maxMs = Math.Max(_maxMs, latency.TotalMilliseconds);
        }

        public TimelineBucket Freeze(int second) =>
            new(second, Ok, Failed, Dropped, Ok + Failed == 0 ? 0 : _sumMs / (Ok + Failed), _maxMs);
    }
}
