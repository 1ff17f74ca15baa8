using System.Globalization;
using System.Text;

namespace Guardrail.Load.Reports;

/// <summary>The report as Markdown: where and how it was measured, the summary table, ratios, metrics, checks.</summary>
internal static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var env = report.Environment;
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load: {report.Scenario}");
        md.AppendLine();
        md.AppendLine(report.Description);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {env.Machine}, {env.Cpu}, {env.Cores} cores, {env.Os}, {env.Runtime}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- commit: {env.Commit}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- started: {env.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; load average {env.LoadAverageBefore} before, {env.LoadAverageAfter} after");
        foreach (var (name, value) in report.Settings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {value}");
        }

        md.AppendLine();
        md.AppendLine("Latency runs from each request's intended send time (open model), so time spent waiting to be sent counts.");
        md.AppendLine("CPU is the target process's user + system time over the measured phase, divided by requests; \"net of idle\" first subtracts the CPU it burns idle (read for a few seconds after the phase) over the same time.");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", TextTable.Header) + " |");
        md.AppendLine("|" + string.Concat(TextTable.Header.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in TextTable.Rows(report))
        {
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        if (Ratios.Of(report) is { } ratios)
        {
            md.AppendLine();
            md.AppendLine("```");
            md.Append(TextTable.RatioLines(ratios).TrimEnd());
            md.AppendLine();
            md.AppendLine("```");
        }

        foreach (var run in report.Runs)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {run.Target}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{run.Process}; {run.Injection}; measured {run.Seconds:0.#} s; upstream CPU {run.UpstreamCpuMs / 1000:0.##} s, load generator CPU {run.GeneratorCpuMs / 1000:0.##} s; idle CPU {(run.IdleCpuMsPerSecond is { } idle ? idle.ToString("0.#", CultureInfo.InvariantCulture) + " ms/s" : "not read")}");
            md.AppendLine(CultureInfo.InvariantCulture, $"dropped: {run.DroppedInFlightLimit} (in-flight limit), {run.DroppedGeneratorLate} (generator late)");
            md.AppendLine();
            md.AppendLine("| distribution (ms) | count | mean | p50 | p90 | p99 | p99.9 | max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Row(md, "latency (from intended)", run.Latency);
            Row(md, "service time (from send)", run.ServiceTime);
            Row(md, "send lag", run.SendLag);
            foreach (var (name, latency) in run.Histograms)
            {
                Row(md, name, latency);
            }

            if (run.Counters.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("counters: " + string.Join(", ", run.Counters.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}"))));
            }

            foreach (var step in run.Steps)
            {
                md.AppendLine();
                var codes = string.Join(", ", step.StatusCodes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value:N0}")));
                var failures = step.Failures.Count > 0 ? "; failures " + string.Join(", ", step.Failures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} ({f.Value})"))) : "";
                md.AppendLine(CultureInfo.InvariantCulture, $"step `{step.Name}`: {step.Ok:N0} ok, {step.Failed:N0} failed; status codes {codes}{failures}");
            }

            if (run.Soak is { } soak)
            {
                md.AppendLine();
                md.AppendLine("| trend | slope per minute | change over window | mean | first | last |");
                md.AppendLine("|---|---:|---:|---:|---:|---:|");
                foreach (var line in soak.Lines)
                {
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {line.Quantity} ({line.Unit}) | {line.SlopePerMinute:+0.###;-0.###;0} | {line.Change:+0.##;-0.##;0} | {line.Mean:0.##} | {line.First:0.##} | {line.Last:0.##} |"));
                }
            }
        }

        md.AppendLine();
        md.AppendLine("## Checks");
        md.AppendLine();
        foreach (var check in report.Checks)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(check.Passed ? "PASS" : "FAIL")} {check.Target}: {check.Name} — {check.Detail}");
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, Latency l) =>
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {l.Count:N0} | {l.Mean:0.###} | {l.P50:0.###} | {l.P90:0.###} | {l.P99:0.###} | {l.P999:0.###} | {l.Max:0.###} |"));
}
