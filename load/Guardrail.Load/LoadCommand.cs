using System.Globalization;
using Guardrail.Load.Reports;

namespace Guardrail.Load;

/// <summary>The runner's main command: parse, run each scenario plan, print the tables, write the reports.</summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, error) = LoadOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error);
            return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
        }

        var repository = RepositoryRoot();
        if (repository is null)
        {
            await Console.Error.WriteLineAsync("Guardrail.sln not found above the current folder or the runner: run it from the repository");
            return 2;
        }

        var output = options.OutputDirectory ?? Path.Combine(repository, "load", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var work = Path.Combine(Path.GetTempPath(), "guardrail-load-" + Guid.NewGuid().ToString("N")[..8]);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var failed = false;
        await using (var runner = new ScenarioRunner(repository, work, options))
        {
            foreach (var plan in ScenarioPlan.From(options))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"== {plan.Definition.Name}: {plan.Injection.Describe()}, warm-up {Engine.DurationText.Format(plan.Warmup)}{(plan.Compare ? ", direct / plain YARP / Guardrail" : ", Guardrail")}"));
                RunReport? report;
                try
                {
                    (report, error) = await runner.RunAsync(plan, cancel.Token);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync("cancelled");
                    return 130;
                }

                if (report is null)
                {
                    await Console.Error.WriteLineAsync($"{plan.Definition.Name}: {error}");
                    failed = true;
                    continue;
                }

                Console.WriteLine();
                Console.Write(TextTable.Plain(report));
                if (Ratios.Of(report) is { } ratios)
                {
                    Console.WriteLine(TextTable.RatioLines(ratios));
                }

                foreach (var run in report.Runs.Where(r => r.Histograms.Count > 0 || r.Counters.Count > 0))
                {
                    var histograms = run.Histograms.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key} p50 {h.Value.P50:0.###} / p99 {h.Value.P99:0.###} / max {h.Value.Max:0.###} ms"));
                    var counters = run.Counters.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}"));
                    Console.WriteLine($"  {run.Target}: " + string.Join("; ", histograms.Concat(counters)));
                }

                foreach (var check in report.Checks)
                {
                    Console.WriteLine($"  {(check.Passed ? "PASS" : "FAIL")} {check.Target}: {check.Name} — {check.Detail}");
                }

                var files = await ReportWriter.WriteAsync(report, output, cancel.Token);
                Console.WriteLine("reports: " + string.Join(", ", files.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f))));
                Console.WriteLine();
                failed |= !report.Passed;
            }
        }

        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // Logs of a child still closing; the folder is in the temp directory.
        }

        Console.WriteLine(failed ? "load: some checks FAILED" : "load: all checks passed");
        return failed ? 1 : 0;
    }

    // The current folder first (a run from a checkout other than the runner's), then the runner's own.
    private static string? RepositoryRoot() =>
        RepoPaths.FindRootAbove(Environment.CurrentDirectory) ?? RepoPaths.FindRootAbove(AppContext.BaseDirectory);
}
