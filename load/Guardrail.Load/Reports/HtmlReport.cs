using System.Globalization;
using System.Net;
using System.Text;

namespace Guardrail.Load.Reports;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and SVG charts (latency percentiles, throughput over time,
/// and for the soak memory and handles over time), the tables and checks of the Markdown report. No script, no CDN.
/// </summary>
internal static class HtmlReport
{
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E("Load: " + report.Scenario)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}")
            .Append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#2a7a2a}.fail{color:#b00020;font-weight:bold}")
            .Append("svg{background:#fff;border:1px solid #ddd;margin:6px 0}code{background:#f4f4f4;padding:1px 4px}")
            .Append("</style></head><body>");
        var env = report.Environment;
        html.Append("<h1>Load: ").Append(E(report.Scenario)).Append("</h1><p>").Append(E(report.Description)).Append("</p><ul>");
        Li(html, "machine", $"{env.Machine}, {env.Cpu}, {env.Cores} cores, {env.Os}, {env.Runtime}");
        Li(html, "commit", env.Commit);
        Li(html, "started", string.Create(CultureInfo.InvariantCulture, $"{env.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; load average {env.LoadAverageBefore} before, {env.LoadAverageAfter} after"));
        foreach (var (name, value) in report.Settings)
        {
            Li(html, name, value);
        }

        html.Append("</ul><p>Latency runs from each request's intended send time (open model). CPU is the target process's user + system time over the measured phase / requests.</p>");
        html.Append("<table><tr>");
        foreach (var h in TextTable.Header)
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in TextTable.Rows(report))
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i == 0 ? "<td>" : "<td class=\"n\">").Append(E(row[i])).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        if (Ratios.Of(report) is { } ratios)
        {
            html.Append("<pre>").Append(E(TextTable.RatioLines(ratios))).Append("</pre>");
        }

        var latency = report.Runs.Select((r, i) => new SvgSeries(r.Target, Colors[i % Colors.Length],
            r.Latency.Curve.Select(c => (SvgChart.Nines(c.Percentile), c.Ms)).ToList())).ToList();
        html.Append(SvgChart.Render("Latency by percentile (from intended send time)", "percentile", "ms (log)", latency, logY: true, SvgChart.NinesTicks));
        var throughput = report.Runs.SelectMany((r, i) => new[]
        {
            new SvgSeries(r.Target + " ok/s", Colors[i % Colors.Length], r.Timeline.Select(b => ((double)b.Second, (double)b.Ok)).ToList()),
            new SvgSeries(r.Target + " failed+dropped/s", Colors[i % Colors.Length], r.Timeline.Select(b => ((double)b.Second, (double)(b.Failed + b.Dropped))).ToList(), Dashed: true),
        }).ToList();
        html.Append(SvgChart.Render("Throughput over time", "second of the measured phase", "iterations per second", throughput, logY: false));
        var meanLatency = report.Runs.Select((r, i) => new SvgSeries(r.Target + " mean", Colors[i % Colors.Length], r.Timeline.Where(b => b.MeanMs > 0).Select(b => ((double)b.Second, b.MeanMs)).ToList())).ToList();
        html.Append(SvgChart.Render("Mean latency per second", "second of the measured phase", "ms (log)", meanLatency, logY: true));

        foreach (var run in report.Runs.Where(r => r.Samples.Count > 0))
        {
            var t0 = run.Samples[0].Seconds;
            html.Append(SvgChart.Render($"{run.Target}: memory over time", "seconds", "MiB",
            [
                new SvgSeries("working set", Colors[0], run.Samples.Select(s => ((s.Seconds - t0), s.WorkingSetBytes / 1048576.0)).ToList()),
                new SvgSeries("heap after GC", Colors[1], run.Samples.Select(s => ((s.Seconds - t0), s.HeapAfterGcBytes / 1048576.0)).ToList()),
            ], logY: false));
            html.Append(SvgChart.Render($"{run.Target}: handles, threads and GC pause time", "seconds", "count / ms",
            [
                new SvgSeries("open fds", Colors[2], run.Samples.Select(s => ((s.Seconds - t0), (double)s.Handles)).ToList()),
                new SvgSeries("threads", Colors[3], run.Samples.Select(s => ((s.Seconds - t0), (double)s.Threads)).ToList()),
                new SvgSeries("GC pause total ms", Colors[4], run.Samples.Select(s => ((s.Seconds - t0), s.GcPauseMs - run.Samples[0].GcPauseMs)).ToList()),
            ], logY: false));
        }

        // The rest (per-target distributions, counters, steps, trends, checks) is the Markdown report's, rendered as HTML blocks.
        foreach (var run in report.Runs)
        {
            html.Append("<h2>").Append(E(run.Target)).Append("</h2><p>").Append(E(string.Create(CultureInfo.InvariantCulture,
                $"{run.Process}; {run.Injection}; measured {run.Seconds:0.#} s; dropped {run.DroppedInFlightLimit} (in-flight limit), {run.DroppedGeneratorLate} (generator late)"))).Append("</p>");
            html.Append("<table><tr><th>distribution (ms)</th><th>count</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>");
            Dist(html, "latency (from intended)", run.Latency);
            Dist(html, "service time (from send)", run.ServiceTime);
            Dist(html, "send lag", run.SendLag);
            foreach (var (name, l) in run.Histograms)
            {
                Dist(html, name, l);
            }

            html.Append("</table>");
            if (run.Counters.Count > 0)
            {
                html.Append("<p>counters: ").Append(E(string.Join(", ", run.Counters.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}"))))).Append("</p>");
            }

            foreach (var step in run.Steps)
            {
                html.Append("<p>step <code>").Append(E(step.Name)).Append("</code>: ").Append(E(string.Create(CultureInfo.InvariantCulture, $"{step.Ok:N0} ok, {step.Failed:N0} failed; status ")))
                    .Append(E(string.Join(", ", step.StatusCodes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value:N0}")))))
                    .Append(step.Failures.Count > 0 ? E("; failures " + string.Join(", ", step.Failures.Select(f => $"{f.Key} ({f.Value})"))) : "").Append("</p>");
            }

            if (run.Soak is { } soak)
            {
                html.Append("<table><tr><th>trend</th><th>slope per minute</th><th>change over window</th><th>mean</th></tr>");
                foreach (var line in soak.Lines)
                {
                    html.Append(string.Create(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(line.Quantity)} ({E(line.Unit)})</td><td class=\"n\">{line.SlopePerMinute:+0.###;-0.###;0}</td><td class=\"n\">{line.Change:+0.##;-0.##;0}</td><td class=\"n\">{line.Mean:0.##}</td></tr>"));
                }

                html.Append("</table>");
            }
        }

        html.Append("<h2>Checks</h2><ul>");
        foreach (var check in report.Checks)
        {
            html.Append("<li class=\"").Append(check.Passed ? "pass" : "fail").Append("\">").Append(check.Passed ? "PASS " : "FAIL ")
                .Append(E($"{check.Target}: {check.Name} — {check.Detail}")).Append("</li>");
        }

        html.Append("</ul></body></html>\n");
        return html.ToString();
    }

    private static void Li(StringBuilder html, string name, string value) => html.Append("<li><b>").Append(E(name)).Append("</b>: ").Append(E(value)).Append("</li>");

    private static void Dist(StringBuilder html, string name, Latency l) => html.Append(string.Create(CultureInfo.InvariantCulture,
        $"<tr><td>{E(name)}</td><td class=\"n\">{l.Count:N0}</td><td class=\"n\">{l.Mean:0.###}</td><td class=\"n\">{l.P50:0.###}</td><td class=\"n\">{l.P90:0.###}</td><td class=\"n\">{l.P99:0.###}</td><td class=\"n\">{l.P999:0.###}</td><td class=\"n\">{l.Max:0.###}</td></tr>"));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
