using Guardrail.Load.Engine;

namespace Guardrail.Load.Reports;

/// <summary>A latency distribution as reports carry it, in milliseconds.</summary>
internal sealed record Latency(long Count, double Mean, double P50, double P75, double P90, double P95, double P99, double P999, double P9999, double Max, IReadOnlyList<CurvePoint> Curve)
{
    public static Latency From(LatencySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.Count, summary.MeanMs, summary.At(50), summary.At(75), summary.At(90), summary.At(95), summary.At(99), summary.At(99.9), summary.At(99.99), summary.MaxMs,
            summary.Curve.Select(c => new CurvePoint(c.Percentile, c.Ms)).ToList());
    }
}
