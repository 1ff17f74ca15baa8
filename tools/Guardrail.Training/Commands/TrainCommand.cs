using System.Globalization;
using System.Text;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Proxy.Commands;

namespace Guardrail.Training.Commands;

/// <summary>
/// <c>guardrail-training train</c>: rebuilds the shipped encoder head (<c>policies/models/cbrn-head.json</c>) from the
/// development data and the project's synthetic training split, reproducibly (fixed seed, single-threaded
/// inference and training: the same bytes on every run), then reports its quality on the held-out split.
/// <c>--check</c> retrains and fails when the result differs from the file; <c>--folds K</c> also reports K-fold
/// cross-validated quality on the development data (each development row scored by a head that never saw it).
/// </summary>
internal static class TrainCommand
{
    /// <summary>Every option <see cref="TrainOptions.Parse"/> takes, and <c>--help</c>.</summary>
    private static readonly string[] Known = [.. TrainOptions.OptionNames, "--help"];

    public static int Run(string[] args, TextWriter output) => Run(args, output, output);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(ArgumentErrors.IsHelp))
        {
            output.WriteLine(TrainingCommandLine.Usage);
            return 0;
        }

        // Names first, so an unknown option is called unknown (the option parser would say it "needs a value" when it
        // comes last), and a stray word is not taken for one.
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                error.WriteLine(ArgumentErrors.Unexpected("train", arg));
                return ArgumentErrors.ExitCode;
            }

            if (Array.IndexOf(Known, arg) < 0)
            {
                error.WriteLine(ArgumentErrors.UnknownOption("train", arg, Known));
                return ArgumentErrors.ExitCode;
            }

            i += arg == "--check" ? 0 : 1;
        }

        var (options, parseError) = TrainOptions.Parse(args);
        if (options is null)
        {
            error.WriteLine(ArgumentErrors.Other("train", parseError ?? "bad arguments"));
            return ArgumentErrors.ExitCode;
        }

        if (options.Cv.Count > 0)
        {
            return CrossValidate(options, output);
        }

        var (outcome, trainError) = HeadTraining.Run(options, output);
        if (outcome is null)
        {
            error.WriteLine($"{ArgumentErrors.ProgramName} train: {trainError}");
            return 2;
        }

        using (outcome.Model)
        {
            if (options.Check)
            {
                return Check(options, outcome, output);
            }

            var (holdout, holdoutError) = LabeledData.Read(Path.Combine(options.CorpusFolder, "holdout.jsonl"));
            if (holdoutError is null && options.Limit is null)
            {
                Report(output, "held-out split", HeadTraining.Score(outcome.Head, outcome.Model, holdout, options.MaxTokens, options.OverlapTokens));
            }

            if (options.Export is not null)
            {
                Export(options, outcome.Model, holdout);
            }

            if (options.Folds > 0)
            {
                CrossValidate(options, outcome.Model, output);
            }
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(options.Output));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(options.Output, outcome.HeadText, new UTF8Encoding(false));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train: wrote {options.Output} ({outcome.HeadText.Length} bytes) from {outcome.Rows} rows, {outcome.Samples} windows"));
        return 0;
    }

    /// <summary>
    /// <c>--check</c>: the retrained head must match the file within <see cref="HeadComparison.CrossIsa"/> (weights and
    /// probe scores) with the same probe verdicts and training metadata: bytes would depend on the CPU's vector width.
    /// </summary>
    private static int Check(TrainOptions options, HeadTraining.Outcome outcome, TextWriter output)
    {
        var errors = new List<Guardrail.Filters.Policy.PolicyError>();
        var existing = File.Exists(options.Output) ? HeadFile.Load(options.Output, "head", errors) : null;
        if (existing is null)
        {
            output.WriteLine($"train: {options.Output} cannot be read: {string.Join("; ", errors)}");
            return 1;
        }

        var retrained = HeadFile.Parse(System.Text.Encoding.UTF8.GetBytes(outcome.HeadText), "retrained", "head", errors);
        if (retrained is null)
        {
            output.WriteLine($"train: the retrained head does not parse: {string.Join("; ", errors)}");
            return 1;
        }

        var bytes = string.Equals(File.ReadAllText(options.Output).ReplaceLineEndings("\n"), outcome.HeadText, StringComparison.Ordinal);
        var result = HeadComparison.Compare(existing, retrained, HeadComparison.EmbedProbes(outcome.Model, options.MaxTokens, options.OverlapTokens), HeadComparison.CrossIsa);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train: {options.Output} {(result.Same ? "is reproduced" : "differs from the retrained head")}: largest weight difference {result.MaxWeightDifference:G3}, largest probe score difference {result.MaxScoreDifference:G3} (tolerance {HeadComparison.CrossIsa.Weight:G3} / {HeadComparison.CrossIsa.Score:G3}){(bytes ? ", byte for byte" : "")}"));
        foreach (var problem in result.Problems)
        {
            output.WriteLine("  " + problem);
        }

        return result.Same ? 0 : 1;
    }

    /// <summary><c>--cv</c>: grouped cross-validation only; the shipped head is not touched.</summary>
    private static int CrossValidate(TrainOptions options, TextWriter output)
    {
        if (BuiltinEncoder.Find(options.Encoder) is not { } builtin)
        {
            output.WriteLine($"train: unknown encoder '{options.Encoder}'");
            return 64;
        }

        var (model, loadError) = OnnxTextModel.Load(ModelSpec.ForBuiltin(builtin, intraOpThreads: 1));
        if (model is null)
        {
            output.WriteLine($"train: {loadError}");
            return 2;
        }

        using (model)
        {
            // A console command without a synchronisation context: blocking on the task cannot deadlock.
            var (report, error) = Training.CrossValidation.RunAsync(options, model, output).GetAwaiter().GetResult();
            if (report is null)
            {
                output.WriteLine($"train: {error}");
                return 2;
            }

            output.Write(report);
            if (options.Report is not null)
            {
                File.WriteAllText(options.Report, report, new UTF8Encoding(false));
                output.WriteLine($"train: wrote {options.Report}");
            }

            return 0;
        }
    }

    private static void Report(TextWriter output, string title, List<(double Score, bool Positive, string Kind)> scored)
    {
        var all = scored.Select(s => (s.Score, s.Positive)).ToList();
        var (tp, p, fp, n) = Metrics.At(all, 0.5);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {scored.Count} rows, recall {Metrics.Ratio(tp, p):P2} ({tp}/{p}), false positives {Metrics.Ratio(fp, n):P2} ({fp}/{n}), AUC {Metrics.Auc(all):F4} (encoder head alone, threshold 0.5)"));
        foreach (var group in scored.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.Select(s => (s.Score, s.Positive)).ToList();
            var (gtp, gp, gfp, gn) = Metrics.At(rows, 0.5);
            output.WriteLine(gp > 0
                ? string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-28} {rows.Count,5} rows  recall {Metrics.Ratio(gtp, gp),8:P2}")
                : string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-28} {rows.Count,5} rows  fpr    {Metrics.Ratio(gfp, gn),8:P2}"));
        }
    }

    private static void Export(TrainOptions options, OnnxTextModel model, List<CorpusRow> holdout)
    {
        var (rows, _) = TrainingCorpus.Load(options.DevFolder, options.CorpusFolder, options.Seed);
        using var writer = new StreamWriter(options.Export!);
        foreach (var (split, set) in new[] { ("train", rows), ("holdout", holdout) })
        {
            foreach (var s in EmbeddingSet.Embed(model, set, options.MaxTokens, options.OverlapTokens, options.Cache, null))
            {
                writer.Write($"{split}\t{s.Row}\t{set[s.Row].Kind}\t{string.Join(",", s.Categories)}\t");
                writer.WriteLine(string.Join(" ", s.Embedding.Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
            }
        }
    }

    private static void CrossValidate(TrainOptions options, OnnxTextModel model, TextWriter output)
    {
        var (rows, _) = TrainingCorpus.Load(options.DevFolder, options.CorpusFolder, options.Seed);
        var samples = EmbeddingSet.Embed(model, rows, options.MaxTokens, options.OverlapTokens, options.Cache, null);
        var isDev = rows.Select(r => r.Kind.StartsWith("dev/", StringComparison.Ordinal)).ToArray();
        var best = new double[rows.Count];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            bool InFold(int row) => isDev[row] && row % options.Folds == fold;
            var head = HeadTraining.TrainHead(model.Spec.Source, [.. samples.Where(s => !InFold(s.Row))], options);
            foreach (var s in samples.Where(s => InFold(s.Row)))
            {
                best[s.Row] = Math.Max(best[s.Row], head.Score(s.Embedding).Max());
            }
        }

        Report(output, $"development data, {options.Folds}-fold cross-validation", [.. rows.Select((r, i) => (best[i], r.Positive, r.Kind)).Where((_, i) => isDev[i])]);
    }
}
