using HdrHistogram;

namespace Guardrail.Load.Engine;

/// <summary>
/// A thread-safe HdrHistogram of microseconds (1 µs to 1 hour, 3 significant digits), with the percentiles the
/// reports print. Values outside the range are clamped rather than lost, so a count never disagrees with the totals.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long Highest = 3_600_000_000;
    private readonly LongHistogram _histogram = new(1, Highest, 3);
    private readonly Lock _lock = new();

    public static IReadOnlyList<double> ReportedPercentiles { get; } = [50, 75, 90, 95, 99, 99.9, 99.99];

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public void Record(TimeSpan value) => RecordMicros((long)value.TotalMicroseconds);

    public void RecordMicros(long micros)
    {
        var clamped = Math.Clamp(micros, 1, Highest);
        lock (_lock)
        {
            _histogram.RecordValue(clamped);
        }
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        lock (other._lock)
        {
            lock (_lock)
            {
                _histogram.Add(other._histogram);
            }
        }
    }

    /// <summary>A frozen copy for reports: percentiles, max, mean and the curve the HTML chart draws.</summary>
    public LatencySummary Summarize()
    {
        lock (_lock)
        {
            if (_histogram.TotalCount == 0)
            {
                return LatencySummary.Empty;
            }

            var percentiles = ReportedPercentiles.ToDictionary(p => p, p => _histogram.GetValueAtPercentile(p) / 1000.0);
            var curve = new List<(double Percentile, double Ms)>();
            foreach (var p in CurvePoints)
            {
                curve.Add((p, _histogram.GetValueAtPercentile(p) / 1000.0));
            }

            return new LatencySummary(_histogram.TotalCount, _histogram.GetMean() / 1000.0, _histogram.GetMaxValue() / 1000.0, percentiles, curve);
        }
    }

    // Points of the percentile curve, evenly spaced in "nines" (log of 1 / (1 - p)), as HdrHistogram plots draw it;
    // it starts at p10 because HdrHistogram's p0 is the bucket floor (0), which a log axis cannot show.
    private static readonly double[] CurvePoints =
        [10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96.25, 97.5, 98.4375, 99, 99.375, 99.6875, 99.8, 99.9, 99.95, 99.97, 99.99, 99.995, 99.999, 100];
}
