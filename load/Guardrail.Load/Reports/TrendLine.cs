namespace Guardrail.Load.Reports;

/// <summary>
/// A least-squares line through one quantity sampled over a run: its slope per minute, its mean, and the change the
/// line makes over the whole window — the number "flat" is judged on.
/// </summary>
internal sealed record TrendLine(string Quantity, string Unit, double SlopePerMinute, double Mean, double First, double Last, double WindowMinutes)
{
    /// <summary>The fitted change over the window.</summary>
    public double Change => SlopePerMinute * WindowMinutes;

    /// <summary>Fits a line to (seconds, value) points; null with fewer than two points or no spread in time.</summary>
    public static TrendLine? Fit(string quantity, string unit, IReadOnlyList<(double Seconds, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return null;
        }

        var meanX = points.Average(p => p.Seconds);
        var meanY = points.Average(p => p.Value);
        double sxx = 0, sxy = 0;
        foreach (var (x, y) in points)
        {
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * (y - meanY);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var window = (points[^1].Seconds - points[0].Seconds) / 60;
        return new TrendLine(quantity, unit, sxy / sxx * 60, meanY, points[0].Value, points[^1].Value, window);
    }
}
