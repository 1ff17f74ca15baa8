using System.Globalization;
using System.Text;

namespace Guardrail.Load.Reports;

/// <summary>The run's summary table, shared by the console and the Markdown report (the same numbers in both).</summary>
internal static class TextTable
{
    public static readonly string[] Header =
        ["target", "sent", "ok", "failed", "dropped", "ok/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "CPU µs/req", "net of idle", "CPU s"];

    public static IReadOnlyList<string[]> Rows(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Runs.Select(r => new[]
        {
            r.Target, N(r.Started), N(r.Ok), N(r.Failed), N(r.Dropped), F(r.Throughput, "0.#"), F(r.Latency.P50, "0.###"), F(r.Latency.P90, "0.###"),
            F(r.Latency.P99, "0.###"), F(r.Latency.P999, "0.###"), F(r.Latency.Max, "0.###"), F(r.CpuPerRequestUs, "0"), r.NetCpuPerRequestUs is { } net ? F(net, "0") : "-", F(r.CpuMs / 1000, "0.##"),
        }).ToList();
    }

    /// <summary>Aligned plain text for the console.</summary>
    public static string Plain(RunReport report)
    {
        var rows = Rows(report);
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", Header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        }

        return text.ToString();
    }

    public static string RatioLines(Ratios ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        return string.Create(CultureInfo.InvariantCulture, $"""
            Guardrail / plain YARP: throughput {ratios.ThroughputGuardOverPlain:0.00}×, CPU per request {ratios.CpuPerRequestGuardOverPlain:0.00}×{(ratios.NetCpuPerRequestGuardOverPlain is { } net ? string.Create(CultureInfo.InvariantCulture, $" ({net:0.00}× net of idle)") : "")}
            added by Guardrail over plain YARP: p50 {ratios.P50AddedMs:+0.###;-0.###;0} ms, p99 {ratios.P99AddedMs:+0.###;-0.###;0} ms
            added by plain YARP over direct:    p50 {ratios.P50PlainOverDirectMs:+0.###;-0.###;0} ms, p99 {ratios.P99PlainOverDirectMs:+0.###;-0.###;0} ms
            """);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
