using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training;

/// <summary>
/// The whole <c>train</c> pipeline: corpus, embeddings, head, file text, and held-out evaluation. Separate from the
/// command so tests can run it on a small subset and compare bytes.
/// </summary>
internal static class HeadTraining
{
    public sealed record Outcome(string HeadText, CategoryHead Head, OnnxTextModel Model, int Rows, int Samples);

    public static (Outcome? Result, string? Error) Run(TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (BuiltinEncoder.Find(options.Encoder) is not { } builtin)
        {
            return (null, $"unknown encoder '{options.Encoder}'; built in: {string.Join(", ", BuiltinEncoder.All.Select(b => b.Name))}");
        }

        var (rows, error) = TrainingCorpus.Load(options.DevFolder, options.CorpusFolder, options.Seed);
        if (error is not null)
        {
            return (null, error);
        }

        if (options.Limit is { } limit)
        {
            var rng = new SplitMix64(options.Seed);
            rows = [.. rows.Select(r => (Key: rng.Next(), Row: r)).OrderBy(x => x.Key).Take(limit).Select(x => x.Row)];
        }

        // Single-threaded inference: the embeddings must not depend on how work is split across threads.
        var (model, loadError) = OnnxTextModel.Load(ModelSpec.ForBuiltin(builtin, intraOpThreads: 1));
        if (model is null)
        {
            return (null, loadError);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train: {rows.Count} rows ({rows.Count(r => r.Positive)} positive), encoder {model.Spec.Source}, windows of {options.MaxTokens} tokens"));
        var samples = EmbeddingSet.Embed(model, rows, options.MaxTokens, options.OverlapTokens, options.Cache, log);
        if (options.Perturb > 0)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train: embeddings perturbed by up to {options.Perturb:G3} (relative): a measurement, not a head to ship"));
            samples = Perturbed(samples, options.Perturb, options.Seed);
        }

        var head = Shifted(TrainHead(model.Spec.Source, samples, options), options.Shift);
        var shiftNote = options.Shift == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", \"output_shift\": {options.Shift}");
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{{\"seed\": {options.Seed}, \"max_tokens\": {options.MaxTokens}, \"overlap_tokens\": {options.OverlapTokens}, \"hidden\": {options.Hidden}, \"epochs\": {options.Epochs}, \"positive_weight\": {options.PositiveWeight}, \"learning_rate\": {options.LearningRate}, \"l2\": {options.L2}, \"rows\": {rows.Count}, \"positive_rows\": {rows.Count(r => r.Positive)}, \"samples\": {samples.Count}, \"corpus_sha256\": \"{Digest(rows)}\"{shiftNote}}}");
        return (new Outcome(HeadFile.Write(head, note), head, model, rows.Count, samples.Count), null);
    }

    /// <summary>A logistic-regression head (<c>--hidden 0</c>) or the one-hidden-layer network.</summary>
    public static CategoryHead TrainHead(string encoder, IReadOnlyList<EmbeddingSet.Sample> samples, TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Hidden == 0
            ? HeadTrainer.Train(encoder, LabeledData.AllCategories, samples, new HeadTrainer.Options(options.Epochs, options.LearningRate, options.L2))
            : MlpTrainer.Train(encoder, LabeledData.AllCategories, samples, new MlpTrainer.Options(options.Hidden, options.Epochs, 128, (float)options.LearningRate, (float)options.L2, options.Seed, (float)options.PositiveWeight));
    }

    /// <summary>The head with <paramref name="shift"/> added to every output logit (its last layer's biases), rounded as the file stores them.</summary>
    public static CategoryHead Shifted(CategoryHead head, double shift)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (shift == 0)
        {
            return head;
        }

        var last = head.Layers[^1];
        var bias = last.Bias.Select(b => double.Parse(HeadFile.Number(b + shift), CultureInfo.InvariantCulture)).ToArray();
        return new CategoryHead(head.Encoder, head.Categories, [.. head.Layers.Take(head.Layers.Count - 1), last with { Bias = bias }]);
    }

    /// <summary>Each embedding value times (1 + u·<paramref name="relative"/>), u uniform in [-1, 1) from a seeded stream.</summary>
    public static List<EmbeddingSet.Sample> Perturbed(IReadOnlyList<EmbeddingSet.Sample> samples, double relative, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var rng = new SplitMix64(seed ^ 0x5EED0F15AUL);
        return [.. samples.Select(s => s with { Embedding = [.. s.Embedding.Select(x => (float)(x * (1 + (relative * ((rng.NextDouble() * 2) - 1)))))] })];
    }

    /// <summary>Highest category probability of each row (maximum over its windows).</summary>
    public static List<(double Score, bool Positive, string Kind)> Score(CategoryHead head, OnnxTextModel model, IReadOnlyList<CorpusRow> rows, int maxTokens, int overlap)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(rows);
        var samples = EmbeddingSet.Embed(model, rows, maxTokens, overlap, null, null);
        var best = new double[rows.Count];
        foreach (var s in samples)
        {
            best[s.Row] = Math.Max(best[s.Row], head.Score(s.Embedding).Max());
        }

        return [.. rows.Select((r, i) => (best[i], r.Positive, r.Kind))];
    }

    /// <summary>Digest of the training rows (text and labels, in order), recorded in the head file.</summary>
    public static string Digest(IEnumerable<CorpusRow> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(r.Text + "\t" + string.Join(",", r.Categories) + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
