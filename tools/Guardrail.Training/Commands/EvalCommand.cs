using System.Diagnostics;
using System.Globalization;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Training.Commands;

/// <summary>
/// <c>guardrail-training eval</c>: runs the whole input pipeline (normalisation, lexical tier, escalation, model tiers, policy
/// thresholds) over labelled JSONL and prints, per file, per category and per row kind: recall, false-positive rate,
/// precision, AUC, escalation rate and latency percentiles, then a threshold sweep over all rows. Exits 1 when a file
/// falls below the given minimums, so CI can gate on it.
/// </summary>
/// <remarks>
/// Rows are <c>{"text","label"}</c> (label 1/true/"cbrn" is positive; optional <c>categories</c> and <c>kind</c>), or
/// the development data's <c>{"text","category"}</c>, where files named <c>cbrn_harmful*</c> are positives whose
/// category starts with their CBRN domain; a row with <c>"turns"</c> (user turns, oldest first) is screened as one
/// multi-turn request. A row is flagged when the policy blocks it; its score is the highest
/// category score after the cascade. Screens run one at a time without the verdict cache, so latencies are cold.
/// </remarks>
internal static class EvalCommand
{
    private sealed record Row(CorpusRow Source, double Score, bool Blocked, string? Category, bool Escalated, bool Undecided, double Microseconds, double Lexical, double Models);

    private sealed record Limits(double MinRecall, double MaxFpr, double MinAuc, double MaxEscalation);

    /// <summary>Runs with errors written to <paramref name="output"/> too.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output) => RunAsync(args, output, output);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = EvalOptions.Parse(args);
        if (parsed.Options is not { } options)
        {
            await error.WriteLineAsync(parsed.Error);
            return ArgumentErrors.ExitCode;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(EvalOptions.Usage);
            return 0;
        }

        if (options.Files.Count == 0)
        {
            await error.WriteLineAsync(ArgumentErrors.Other("eval", "give one or more JSONL files"));
            return ArgumentErrors.ExitCode;
        }

        // Before loading the policy and its models (tens of seconds): a mistyped path should fail at once.
        if (options.Files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            var hint = missing.StartsWith('[') ? " (square brackets in a usage line mark optional parts; leave them out)" : "";
            await error.WriteLineAsync($"{ArgumentErrors.ProgramName} eval: file not found: '{missing}'{hint}");
            return ArgumentErrors.ExitCode;
        }

        var files = options.Files;
        var policyPath = options.Policy;
        var limits = new Limits(options.MinRecall, options.MaxFpr, options.MinAuc, options.MaxEscalation);
        var sweep = options.Sweep;
        var dump = options.Dump;

        using var store = new PolicyStore(PolicyLocation.Resolve(policyPath), NullLogger<PolicyStore>.Instance);
        var errors = store.Initialize();
        if (errors.Count > 0 || store.Current.Default is not { } policy)
        {
            await error.WriteLineAsync($"{ArgumentErrors.ProgramName} eval: policy failed to load:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
            return 2;
        }

        foreach (var tier in policy.Cascade.Tiers)
        {
            var (model, loadError) = await tier.Model.WaitAsync(CancellationToken.None);
            if (model is null)
            {
                await error.WriteLineAsync($"{ArgumentErrors.ProgramName} eval: {tier.Stage} model failed to load: {loadError}");
                return 2;
            }
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var screen = new Screen(new GuardrailMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"policy {policy.Name}: tiers lexical{string.Concat(policy.Cascade.Tiers.Select(t => ", " + t.Stage))}; escalate at {policy.Cascade.EscalateAt} or on vocabulary: {policy.Cascade.EscalateOnVocabulary}"));
        await output.WriteLineAsync("file                              rows   pos  recall     fpr  precision    auc  escalated   p50 µs   p90 µs   p99 µs   max µs");
        var failed = false;
        var all = new List<Row>();
        var perFile = new List<(string File, List<Row> Rows)>();
        foreach (var file in files)
        {
            var (source, readError) = LabeledData.Read(file);
            if (readError is not null)
            {
                await error.WriteLineAsync($"{ArgumentErrors.ProgramName} eval: {readError}");
                return 2;
            }

            var rows = await EvaluateAsync(screen, policy, source);
            all.AddRange(rows);
            perFile.Add((file, rows));
            var line = Summary(rows);
            await output.WriteLineAsync($"{Truncate(Path.GetFileName(file), 32),-32} {line.Text}");
            failed |= line.Fails(limits, output);
        }

        if (perFile.Count > 1)
        {
            await output.WriteLineAsync($"{"(all files)",-32} {Summary(all).Text}");
        }

        await WriteCategoriesAsync(output, policy, all);
        await WriteKindsAsync(output, all);
        if (sweep)
        {
            await WriteSweepAsync(output, all);
        }

        if (dump is not null)
        {
            await File.WriteAllTextAsync(dump, string.Concat(all.Select(r => System.Text.Json.JsonSerializer.Serialize(new
            {
                text = r.Source.Text,
                label = r.Source.Positive ? 1 : 0,
                kind = r.Source.Kind,
                lexical = r.Lexical,
                models = r.Models,
                score = r.Score,
                blocked = r.Blocked,
                escalated = r.Escalated,
                us = r.Microseconds,
                evidence = options.Explain ? Evidence(policy, r.Source) : null,
            }) + "\n")));
        }

        return failed ? 1 : 0;
    }

    private static async Task<List<Row>> EvaluateAsync(Screen screen, GuardPolicy policy, List<CorpusRow> source)
    {
        var rows = new List<Row>(source.Count);
        foreach (var row in source)
        {
            using var deadline = new CancellationTokenSource(policy.ScreenTimeout);
            var started = Stopwatch.GetTimestamp();
            var verdict = await screen.ScreenRequestAsync(policy, Texts(row), deadline.Token);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            var score = verdict.Scores.Values.Count == 0 ? 0 : verdict.Scores.Values.Values.Max();
            var undecided = verdict.Action == ScreenAction.Undecided;

            // An undecided screen fails closed under the default policy: count it as blocked when the policy says so.
            var blocked = verdict.Action == ScreenAction.Block || (undecided && policy.OnClassifierError == FailureMode.Closed);
            var lexical = verdict.StageScores.Where(s => s.Key == "lexical").Select(s => Max(s.Value)).DefaultIfEmpty().Max();
            var models = verdict.StageScores.Where(s => s.Key != "lexical").Select(s => Max(s.Value)).DefaultIfEmpty().Max();
            rows.Add(new Row(row, score, blocked, verdict.Category, verdict.Escalated, undecided, elapsed, lexical, models));
        }

        return rows;
    }

    /// <summary>The lexical tier's evidence on every reading of each of the row's texts (its turns, for a conversation).</summary>
    private static string[] Evidence(GuardPolicy policy, CorpusRow row) =>
        [.. (row.Turns ?? [row.Text])
            .SelectMany(t => Guardrail.Filters.Normalization.TextNormalizer.Normalize(t).All())
            .SelectMany(policy.Lexical.Explain)
            .Select(e => e.ToString())
            .Distinct()];

    /// <summary>A row's request: its text, or its conversation's user turns as the chat adapter would list them.</summary>
    private static List<ExtractedText> Texts(CorpusRow row) => row.Turns is { } turns
        ? [.. turns.Select((t, i) => new ExtractedText(TextOrigin.User, $"messages[{i * 2}].content", t))]
        : [new ExtractedText(TextOrigin.User, "text", row.Text)];

    private sealed record SummaryLine(string Text, double Recall, double Fpr, double Auc, double Escalation, int Positives, int Negatives)
    {
        public bool Fails(Limits limits, TextWriter output)
        {
            var reasons = new List<string>();
            if (Positives > 0 && Recall < limits.MinRecall)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"recall {Recall:P2} < {limits.MinRecall:P2}"));
            }

            if (Negatives > 0 && Fpr > limits.MaxFpr)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"false-positive rate {Fpr:P2} > {limits.MaxFpr:P2}"));
            }

            if (Positives > 0 && Negatives > 0 && Auc < limits.MinAuc)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"AUC {Auc:F4} < {limits.MinAuc:F4}"));
            }

            if (Negatives > 0 && Positives == 0 && Escalation > limits.MaxEscalation)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"escalation rate {Escalation:P2} > {limits.MaxEscalation:P2}"));
            }

            foreach (var r in reasons)
            {
                output.WriteLine("  FAIL: " + r);
            }

            return reasons.Count > 0;
        }
    }

    private static SummaryLine Summary(List<Row> rows)
    {
        var samples = rows.Select(r => (r.Score, r.Source.Positive)).ToList();
        var positives = rows.Count(r => r.Source.Positive);
        var negatives = rows.Count - positives;
        var tp = rows.Count(r => r.Source.Positive && r.Blocked);
        var fp = rows.Count(r => !r.Source.Positive && r.Blocked);
        var recall = Metrics.Ratio(tp, positives);
        var fpr = Metrics.Ratio(fp, negatives);
        var precision = Metrics.Ratio(tp, tp + fp);
        var auc = Metrics.Auc(samples);
        var escalation = Metrics.Ratio(rows.Count(r => r.Escalated), rows.Count);
        var latencies = rows.Select(r => r.Microseconds).Order().ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count,5} {positives,5} {Pct(recall),7} {Pct(fpr),7} {Pct(precision),10} {(double.IsNaN(auc) ? "-" : auc.ToString("F4", CultureInfo.InvariantCulture)),6} {Pct(escalation),10} {Percentile(latencies, 0.5),8:F0} {Percentile(latencies, 0.9),8:F0} {Percentile(latencies, 0.99),8:F0} {Percentile(latencies, 1),8:F0}");
        var undecided = rows.Count(r => r.Undecided);
        if (undecided > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  ({undecided} undecided)");
        }

        return new SummaryLine(text, recall, fpr, auc, escalation, positives, negatives);
    }

    private static async Task WriteCategoriesAsync(TextWriter output, GuardPolicy policy, List<Row> rows)
    {
        await output.WriteLineAsync("category            positives  recall  attributed  negatives flagged as it");
        var negatives = rows.Count(r => !r.Source.Positive);
        foreach (var category in policy.Categories.Keys.Order(StringComparer.Ordinal))
        {
            var mine = rows.Where(r => r.Source.Categories.Contains(category, StringComparer.Ordinal)).ToList();
            var recall = Metrics.Ratio(mine.Count(r => r.Blocked), mine.Count);
            var attributed = Metrics.Ratio(mine.Count(r => string.Equals(r.Category, category, StringComparison.Ordinal) || (r.Category is { } c && r.Source.Categories.Contains(c, StringComparer.Ordinal))), mine.Count);
            var flagged = Metrics.Ratio(rows.Count(r => !r.Source.Positive && r.Blocked && string.Equals(r.Category, category, StringComparison.Ordinal)), negatives);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{category,-20} {mine.Count,9} {Pct(recall),7} {Pct(attributed),11} {Pct(flagged),12}"));
        }
    }

    private static async Task WriteKindsAsync(TextWriter output, List<Row> rows)
    {
        var kinds = rows.GroupBy(r => r.Source.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (kinds.Count < 2)
        {
            return;
        }

        await output.WriteLineAsync("kind                             rows  blocked  escalated");
        foreach (var g in kinds)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Truncate(g.Key, 32),-32} {g.Count(),5} {Pct(Metrics.Ratio(g.Count(r => r.Blocked), g.Count())),8} {Pct(Metrics.Ratio(g.Count(r => r.Escalated), g.Count())),10}"));
        }
    }

    private static async Task WriteSweepAsync(TextWriter output, List<Row> rows)
    {
        await output.WriteLineAsync("threshold sweep (score = highest category score after the cascade, all files):");
        await output.WriteLineAsync("threshold  recall     fpr  precision");
        var samples = rows.Select(r => (r.Score, r.Source.Positive)).ToList();
        foreach (var t in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95 })
        {
            var (tp, p, fp, n) = Metrics.At(samples, t);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{t,9:F2} {Pct(Metrics.Ratio(tp, p)),7} {Pct(Metrics.Ratio(fp, n)),7} {Pct(Metrics.Ratio(tp, tp + fp)),10}"));
        }
    }

    private static double Max(CategoryScores scores) => scores.Values.Count == 0 ? 0 : scores.Values.Values.Max();

    private static string Pct(double value) => double.IsNaN(value) ? "-" : value.ToString("P2", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";

    private static double Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
