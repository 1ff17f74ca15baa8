namespace Guardrail.Load.Engine;

/// <summary>Counts and latency of one step over a phase. Thread-safe.</summary>
internal sealed class StepStats
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _statusCodes = [];
    private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _ok;
    private long _failed;
    private long _bytes;

    public StepStats(string name) => Name = name;

    public string Name { get; }

    public LatencyHistogram Latency { get; } = new();

    public void Record(in StepOutcome outcome, TimeSpan latency)
    {
        Latency.Record(latency);
        lock (_lock)
        {
            _statusCodes[outcome.StatusCode] = _statusCodes.GetValueOrDefault(outcome.StatusCode) + 1;
            _bytes += outcome.Bytes;
            if (outcome.Ok)
            {
                _ok++;
            }
            else
            {
                _failed++;
                var reason = outcome.Failure ?? "failed";
                _failures[reason] = _failures.GetValueOrDefault(reason) + 1;
            }
        }
    }

    public StepSummary Summarize()
    {
        lock (_lock)
        {
            return new StepSummary(Name, _ok, _failed, _bytes,
                _statusCodes.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value),
                _failures.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                Latency.Summarize());
        }
    }
}
