namespace Guardrail.Load.Reports;

/// <summary>One point of a latency percentile curve.</summary>
internal sealed record CurvePoint(double Percentile, double Ms);
