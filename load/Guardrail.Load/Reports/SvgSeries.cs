namespace Guardrail.Load.Reports;

/// <summary>One line of a chart: a name, a colour, and its points in data units.</summary>
internal sealed record SvgSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
