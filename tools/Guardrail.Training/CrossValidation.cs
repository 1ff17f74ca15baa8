using System.Globalization;
using System.Text;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;

namespace Guardrail.Training;

/// <summary>
/// <c>guardrail-training train --cv agents|frames|sources|all</c>: grouped cross-validation of the learned tier. Every fold
/// holds out whole groups (agent families, frame families, benchmark sources; see <see cref="GroupedFolds"/>), trains
/// each compared head recipe on the rest, and scores the held-out rows twice: the head alone (threshold 0.5, maximum
/// over windows) and the whole input pipeline of the shipped policy with that fold's head swapped in
/// (<see cref="PipelineProbe"/>), next to the lexical tier alone. Every number in the report comes from rows the head
/// scoring them never trained on.
/// </summary>
internal static class CrossValidation
{
    private sealed record Scored(double[] Head, bool?[] Pipeline);

    public static async Task<(string? Report, string? Error)> RunAsync(TrainOptions options, OnnxTextModel model, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(log);
        var (rows, error) = TrainingCorpus.Load(options.DevFolder, options.CorpusFolder, options.Seed);
        if (error is not null)
        {
            return (null, error);
        }

        var variants = new List<HeadVariant>();
        foreach (var name in options.CvModels)
        {
            var (variant, variantError) = HeadVariant.Named(name, model.Spec.Source, options);
            if (variant is null)
            {
                return (null, variantError);
            }

            variants.Add(variant);
        }

        var (probe, probeError) = options.CvPipelineRows > 0 ? await PipelineProbe.LoadAsync(options.Policy) : (null, null);
        if (options.CvPipelineRows > 0 && probe is null)
        {
            return (null, probeError);
        }

        using (probe)
        {
            var samples = EmbeddingSet.Embed(model, rows, options.MaxTokens, options.OverlapTokens, options.Cache, log);
            var lexical = new bool?[rows.Count];
            var report = new StringBuilder();
            report.AppendLine("# Grouped cross-validation of the learned tier").AppendLine();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Encoder `{model.Spec.Source}`, windows of {options.MaxTokens} tokens; {rows.Count} training rows ({rows.Count(r => r.Positive)} positive), {samples.Count} windows; corpus digest `{HeadTraining.Digest(rows)}`."));
            report.AppendLine("Head alone: highest category probability over a row's windows, blocked at 0.5. Pipeline: the shipped policy's whole input screen with the fold's head in place of the shipped one" +
                (options.CvPipelineRows > 0 ? string.Create(CultureInfo.InvariantCulture, $" (every development row of the fold, and up to {options.CvPipelineRows} generated rows per fold, seeded)") : " (not run)") +
                "; lexical: the same screen without model tiers. Recall over positives, FPR over negatives; a row is scored only by a head that never saw its group.").AppendLine();
            foreach (var scheme in options.Cv)
            {
                var plan = GroupedFolds.Plan(rows, scheme, options.Folds > 0 ? options.Folds : 5);
                var leaks = plan.Leaks(rows);
                if (leaks.Count > 0)
                {
                    return (null, $"{scheme}: the fold plan leaks ({string.Join(", ", leaks.Take(5))})");
                }

                var pipelineRows = PipelineRows(rows, plan, options.CvPipelineRows, options.Seed);
                if (probe is not null)
                {
                    var lexicalPolicy = probe.With(null, "lexical");
                    foreach (var r in pipelineRows.Where(r => lexical[r] is null))
                    {
                        lexical[r] = await probe.BlocksAsync(lexicalPolicy, rows[r].Text);
                    }
                }

                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Leave-{Name(scheme)}-out ({plan.Folds} folds)")).AppendLine();
                for (var f = 0; f < plan.Folds; f++)
                {
                    report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- fold {f + 1}: {plan.TestFold.Count(t => t == f)} rows scored; held out: {Truncate(string.Join(", ", plan.FoldGroups[f]), 300)}"));
                }

                report.AppendLine();
                foreach (var variant in variants)
                {
                    log.WriteLine($"cv {Name(scheme)}: {variant.Name}");
                    var scored = await ScoreAsync(rows, samples, plan, variant, probe, pipelineRows, scheme, log);
                    report.AppendLine(CultureInfo.InvariantCulture, $"### {variant.Name}: {variant.Description}").AppendLine();
                    Table(report, rows, plan, scored, lexical, scheme);
                    OperatingPoints(report, rows, plan, scored);
                }
            }

            return (report.ToString(), null);
        }
    }

    private static async Task<Scored> ScoreAsync(List<CorpusRow> rows, List<EmbeddingSet.Sample> samples, FoldPlan plan, HeadVariant variant, PipelineProbe? probe, HashSet<int> pipelineRows, CvScheme scheme, TextWriter log)
    {
        var head = new double[rows.Count];
        var pipeline = new bool?[rows.Count];
        for (var fold = 0; fold < plan.Folds; fold++)
        {
            var training = samples.Where(s => plan.Trains(s.Row, fold)).ToList();
            var trained = variant.Train(training);
            foreach (var s in samples.Where(s => plan.Tests(s.Row, fold)))
            {
                head[s.Row] = Math.Max(head[s.Row], trained.Score(s.Embedding).Max());
            }

            if (probe is null)
            {
                continue;
            }

            var policy = probe.With(trained, $"cv/{scheme}/{variant.Name}/{fold}");
            var count = 0;
            foreach (var r in pipelineRows.Where(r => plan.Tests(r, fold)).Order())
            {
                pipeline[r] = await probe.BlocksAsync(policy, rows[r].Text);
                count++;
            }

            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fold {fold + 1}/{plan.Folds}: trained on {training.Count} windows, {count} rows through the pipeline"));
        }

        return new Scored(head, pipeline);
    }

    /// <summary>Rows run through the whole pipeline: every development row scored in a fold, and a seeded sample of the generated ones per fold.</summary>
    private static HashSet<int> PipelineRows(List<CorpusRow> rows, FoldPlan plan, int perFold, ulong seed)
    {
        var chosen = new HashSet<int>();
        if (perFold <= 0)
        {
            return chosen;
        }

        var rng = new SplitMix64(seed);
        for (var fold = 0; fold < plan.Folds; fold++)
        {
            var tested = Enumerable.Range(0, rows.Count).Where(r => plan.Tests(r, fold)).ToList();
            chosen.UnionWith(tested.Where(r => IsDev(rows[r])));
            chosen.UnionWith(tested.Where(r => !IsDev(rows[r])).Select(r => (Key: rng.Next(), Row: r)).OrderBy(x => x.Key).Take(perFold).Select(x => x.Row));
        }

        return chosen;
    }

    private static void Table(StringBuilder report, List<CorpusRow> rows, FoldPlan plan, Scored scored, bool?[] lexical, CvScheme scheme)
    {
        report.AppendLine("| slice | rows (pos/neg) | head recall | head FPR | head AUC | head recall at 1% FPR | pipeline rows | pipeline recall | pipeline FPR | lexical recall | lexical FPR |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, member) in Slices(rows, plan, scheme))
        {
            var ids = Enumerable.Range(0, rows.Count).Where(r => plan.TestFold[r] >= 0 && member(r)).ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            var pos = ids.Where(r => rows[r].Positive).ToList();
            var neg = ids.Where(r => !rows[r].Positive).ToList();
            var piped = ids.Where(r => scored.Pipeline[r] is not null).ToList();
            var pp = piped.Where(r => rows[r].Positive).ToList();
            var pn = piped.Where(r => !rows[r].Positive).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ids.Count} ({pos.Count}/{neg.Count}) | {Rate(pos, r => scored.Head[r] >= 0.5)} | {Rate(neg, r => scored.Head[r] >= 0.5)} | {Auc(scored.Head, rows, ids)} | {RecallAtFpr(scored.Head, pos, neg, 0.01)} | {piped.Count} | {Rate(pp, r => scored.Pipeline[r] == true)} | {Rate(pn, r => scored.Pipeline[r] == true)} | {Rate(pp, r => lexical[r] == true)} | {Rate(pn, r => lexical[r] == true)} |"));
        }

        report.AppendLine();
    }

    /// <summary>
    /// Head thresholds that flag a given share of the scored negatives (pooled over folds), with what they catch: how
    /// the shipped head's output shift is chosen (<c>train --shift</c>: a logit shift of -ln(t/(1-t)) puts threshold t at 0.5).
    /// </summary>
    private static void OperatingPoints(StringBuilder report, List<CorpusRow> rows, FoldPlan plan, Scored scored)
    {
        var ids = Enumerable.Range(0, rows.Count).Where(r => plan.TestFold[r] >= 0).ToList();
        var neg = ids.Where(r => !rows[r].Positive).Select(r => scored.Head[r]).OrderDescending().ToList();
        if (neg.Count < 100)
        {
            return;
        }

        report.AppendLine("| head FPR (pooled) | threshold | logit shift | recall | dev/cbrn_harmful recall | dev/benign_near FPR | dev/non_cbrn_harmful FPR | generated near-miss FPR |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var fpr in new[] { 0.005, 0.01, 0.02, 0.03, 0.05 })
        {
            var t = neg[(int)Math.Floor(fpr * neg.Count)];
            bool Hit(int r) => scored.Head[r] > t;
            List<int> Of(Func<CorpusRow, bool> member) => [.. ids.Where(r => member(rows[r]))];
            var shift = -Math.Log(Math.Clamp(t, 1e-9, 1 - 1e-9) / (1 - Math.Clamp(t, 1e-9, 1 - 1e-9)));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {fpr:P1} | {t:F4} | {shift:+0.000;-0.000} | {Rate(Of(r => r.Positive), Hit)} | {Rate(Of(r => r.Kind == "dev/cbrn_harmful"), Hit)} | {Rate(Of(r => r.Kind == "dev/benign_near"), Hit)} | {Rate(Of(r => r.Kind == "dev/non_cbrn_harmful"), Hit)} | {Rate(Of(r => !r.Positive && !IsDev(r)), Hit)} |"));
        }

        report.AppendLine();
    }

    private static IEnumerable<(string Name, Func<int, bool> Member)> Slices(List<CorpusRow> rows, FoldPlan plan, CvScheme scheme)
    {
        yield return ("**all scored rows**", _ => true);
        foreach (var kind in rows.Where(IsDev).Select(r => r.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            yield return ($"{kind}", r => rows[r].Kind == kind && IsDev(rows[r]));
        }

        yield return ("generated and derived rows", r => !IsDev(rows[r]));
        for (var f = 0; f < plan.Folds; f++)
        {
            var fold = f;
            yield return (string.Create(CultureInfo.InvariantCulture, $"fold {f + 1}"), r => plan.TestFold[r] == fold);
        }

        IEnumerable<string> keys = scheme switch
        {
            CvScheme.Agents => LabeledData.AllCategories.Select(c => "topic " + c),
            CvScheme.Frames => rows.SelectMany(r => r.Frames).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(f => "frame " + f),
            _ => rows.Select(r => r.Source).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(s => "source " + s),
        };
        foreach (var key in keys)
        {
            var value = key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            yield return (key, scheme switch
            {
                CvScheme.Agents => r => TopicOf(rows[r]) == value,
                CvScheme.Frames => r => rows[r].Frames.Contains(value, StringComparer.Ordinal),
                _ => r => rows[r].Source == value,
            });
        }
    }

    /// <summary>The category a row is about: recorded, else its first label, else that of the first agent it names.</summary>
    private static string? TopicOf(CorpusRow row) =>
        row.Topic ?? (row.Categories.Count > 0 ? row.Categories[0] : CorpusAgents.Find(row.Text) is [var a, ..] ? CorpusAgents.Get(a)?.Topic : null);

    private static bool IsDev(CorpusRow row) => row.Kind.StartsWith("dev/", StringComparison.Ordinal);

    private static string Auc(double[] scores, List<CorpusRow> rows, List<int> ids)
    {
        var auc = Metrics.Auc([.. ids.Select(r => (scores[r], rows[r].Positive))]);
        return double.IsNaN(auc) ? "–" : auc.ToString("F4", CultureInfo.InvariantCulture);
    }

    /// <summary>Recall at the threshold that flags at most <paramref name="fpr"/> of the slice's negatives (an operating point to compare recipes at, not a tuned threshold).</summary>
    private static string RecallAtFpr(double[] scores, List<int> pos, List<int> neg, double fpr)
    {
        if (pos.Count == 0 || neg.Count < 100)
        {
            return "–";
        }

        var sorted = neg.Select(r => scores[r]).OrderDescending().ToList();
        var threshold = sorted[(int)Math.Floor(fpr * sorted.Count)];
        return Rate(pos, r => scores[r] > threshold);
    }

    private static string Rate(List<int> ids, Func<int, bool> hit) =>
        ids.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * ids.Count(hit) / ids.Count:F1}% ({ids.Count(hit)}/{ids.Count})");

    public static string Name(CvScheme scheme) => scheme switch
    {
        CvScheme.Agents => "agents",
        CvScheme.Frames => "frames",
        _ => "sources",
    };

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";
}
