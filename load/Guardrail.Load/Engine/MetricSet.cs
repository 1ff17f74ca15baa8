using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Guardrail.Load.Engine;

/// <summary>A scenario's own metrics: named latency histograms (TTFT, inter-event gaps) and counters (stalls, halts, 429s).</summary>
internal sealed class MetricSet
{
    private readonly ConcurrentDictionary<string, LatencyHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counters = new(StringComparer.Ordinal);

    public void Record(string name, TimeSpan value) => Histogram(name).Record(value);

    public LatencyHistogram Histogram(string name) => _histograms.GetOrAdd(name, static _ => new LatencyHistogram());

    public void Count(string name, long by = 1) => Interlocked.Add(ref _counters.GetOrAdd(name, static _ => new StrongBox<long>()).Value, by);

    public long Counter(string name) => _counters.TryGetValue(name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IReadOnlyDictionary<string, LatencySummary> SummarizeHistograms() =>
        _histograms.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.Summarize(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counters() =>
        _counters.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);
}
