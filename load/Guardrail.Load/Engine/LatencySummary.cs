namespace Guardrail.Load.Engine;

/// <summary>A histogram's numbers for a report, in milliseconds.</summary>
internal sealed record LatencySummary(
    long Count, double MeanMs, double MaxMs, IReadOnlyDictionary<double, double> PercentilesMs, IReadOnlyList<(double Percentile, double Ms)> Curve)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, new Dictionary<double, double>(), []);

    /// <summary>The value at a reported percentile (0 when nothing was recorded).</summary>
    public double At(double percentile) => PercentilesMs.TryGetValue(percentile, out var value) ? value : 0;
}
