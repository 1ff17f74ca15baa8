using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Proxy.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail eval</c>: runs the input screen (normalisation + classifiers + policy) over labelled JSONL and prints
/// recall on positives and false-positive rate on negatives per file, with latency. Exits 1 below the given minimums.
/// A row is <c>{"text", "label"}</c> (label 1/true/"cbrn" is positive), or the dev data's <c>{"text","category"}</c>,
/// where files named <c>cbrn_harmful*</c> are positives and all others negatives.
/// </summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var files = new List<string>();
        string? policyPath = null;
        double minRecall = 0, maxFpr = 1;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--policy" when i + 1 < args.Length:
                    policyPath = args[++i];
                    break;
                case "--min-recall" when i + 1 < args.Length:
                    minRecall = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--max-fpr" when i + 1 < args.Length:
                    maxFpr = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        if (files.Count == 0)
        {
            await output.WriteLineAsync("eval: give one or more JSONL files.");
            return 64;
        }

        using var store = new PolicyStore(new ProxySettings { Policy = policyPath }.ResolvePolicyPath(), NullLogger<PolicyStore>.Instance);
        var errors = store.Initialize();
        if (errors.Count > 0 || store.Default is not { } policy)
        {
            await output.WriteLineAsync("eval: policy failed to load:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
            return 2;
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var screen = new Screen(new GuardrailMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);
        var failed = false;
        await output.WriteLineAsync("file                                  rows  positive  blocked   rate     p50 µs   p99 µs");
        foreach (var file in files)
        {
            var (rows, positives, blockedPositives, blockedNegatives, latencies) = await EvaluateFileAsync(screen, policy, file);
            latencies.Sort();
            var negatives = rows - positives;
            var isPositiveFile = positives > negatives;
            var rate = isPositiveFile ? Ratio(blockedPositives, positives) : Ratio(blockedNegatives, negatives);
            var label = isPositiveFile ? "recall" : "fpr";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file),-36} {rows,5} {positives,9} {blockedPositives + blockedNegatives,8}  {label} {rate:P2}  {Percentile(latencies, 0.5),8:F1} {Percentile(latencies, 0.99),8:F1}"));
            failed |= isPositiveFile ? rate < minRecall : rate > maxFpr;
        }

        return failed ? 1 : 0;
    }

    private static async Task<(int Rows, int Positives, int BlockedPositives, int BlockedNegatives, List<double> Latencies)> EvaluateFileAsync(
        Screen screen, GuardPolicy policy, string file)
    {
        var fileIsPositive = Path.GetFileName(file).StartsWith("cbrn_harmful", StringComparison.OrdinalIgnoreCase);
        int rows = 0, positives = 0, blockedPositives = 0, blockedNegatives = 0;
        var latencies = new List<double>();
        foreach (var line in await File.ReadAllLinesAsync(file))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var text = root.GetProperty("text").GetString() ?? "";
            var positive = root.TryGetProperty("label", out var label) ? IsPositive(label) : fileIsPositive;
            var started = Stopwatch.GetTimestamp();
            var verdict = await screen.ScreenRequestAsync(policy, [new ExtractedText(TextOrigin.User, "text", text)], CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            var blocked = verdict.Action == ScreenAction.Block;
            rows++;
            if (positive)
            {
                positives++;
                blockedPositives += blocked ? 1 : 0;
            }
            else
            {
                blockedNegatives += blocked ? 1 : 0;
            }
        }

        return (rows, positives, blockedPositives, blockedNegatives, latencies);
    }

    private static bool IsPositive(JsonElement label) => label.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => label.GetDouble() > 0,
        JsonValueKind.String => label.GetString() is "1" or "true" or "cbrn" or "harmful" or "positive",
        _ => false,
    };

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    private static double Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
