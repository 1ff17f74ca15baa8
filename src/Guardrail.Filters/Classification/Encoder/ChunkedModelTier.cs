using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// The mechanics every model tier shares: verdict cache by text, WordPiece tokenisation, overlapping windows (the
/// score is the maximum over windows), per-window cache, lexical choice of the windows worth running in long texts,
/// the process-wide inference gate, and deadline termination of a running model.
/// </summary>
internal abstract class ChunkedModelTier : IModelTier
{
    private readonly byte[] _fingerprint;

    protected ChunkedModelTier(string stage, ModelHandle model, ChunkSettings chunks, string identity)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(chunks);
        Stage = stage;
        Model = model;
        Chunks = chunks;
        _fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes($"{stage}|{model.Spec.Source}|{chunks}|{identity}"));
    }

    public string Stage { get; }

    public ModelHandle Model { get; }

    public ChunkSettings Chunks { get; }

    public ReadOnlyMemory<byte> Fingerprint => _fingerprint;

    /// <summary>Without a runtime (a plain stage of the cascade): no cache, the shared gate, one run at a time.</summary>
    public ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken)
        => ClassifyAsync(normalizedText, new TierRuntime(null, InferenceGate.Shared, 1, null, null), cancellationToken);

    public async ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, TierRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        ArgumentNullException.ThrowIfNull(runtime);
        var cache = runtime.Cache;
        var textKey = cache is null ? default : VerdictCache.KeyOf(_fingerprint, VerdictCache.Kind.Text, normalizedText);
        if (cache is not null && cache.TryGet(textKey, VerdictCache.Kind.Text, out var cached))
        {
            return new ClassificationResult(cached, Stage);
        }

        var (model, error) = await Model.WaitAsync(cancellationToken);
        if (model is null)
        {
            return ClassificationResult.Fail(Stage, error ?? $"model {Model.Spec.Source} is not loaded");
        }

        var content = Math.Min(Chunks.ContentTokens, model.MaxSequence - 2);
        var encoded = model.Encode(normalizedText, int.MaxValue);
        var windows = Select(encoded, TokenChunker.Chunk(encoded.Count, content, Math.Min(Chunks.OverlapTokens, content - 1)), runtime.ChunkGate);
        windows.AddRange(FocusWindows(encoded, content, runtime.ChunkGate, runtime.FocusAt, windows));

        var scores = NewScores();
        var pending = new List<(ReadOnlyMemory<int> Ids, UInt128 Key)>(windows.Count);
        foreach (var (start, end) in windows)
        {
            var ids = new ReadOnlyMemory<int>(encoded.Ids, start, end - start);
            var key = cache is null ? default : VerdictCache.KeyOf(_fingerprint, VerdictCache.Kind.Chunk, MemoryMarshal.Cast<int, char>(ids.Span));
            if (cache is not null && cache.TryGet(key, VerdictCache.Kind.Chunk, out var chunkScores))
            {
                scores.RaiseAll(chunkScores);
                continue;
            }

            pending.Add((ids, key));
        }

        // Padding costs as much as text: short windows (single sentences) run apart from full ones.
        foreach (var group in pending.GroupBy(p => p.Ids.Length <= 32 ? 0 : p.Ids.Length <= 64 ? 1 : 2).OrderBy(g => g.Key))
        {
            var batch = group.ToArray();
            var rows = await RunAsync(Stage, model, batch.Select(p => p.Ids).ToArray(), runtime, cancellationToken);
            for (var i = 0; i < rows.Length; i++)
            {
                if (ScoreRow(rows[i]) is not { } chunkScores)
                {
                    return ClassificationResult.Fail(Stage, $"model {Model.Spec.Source} returned {rows[i].Length} values per text, which does not match its configuration");
                }

                cache?.Set(batch[i].Key, chunkScores);
                scores.RaiseAll(chunkScores);
            }
        }

        cache?.Set(textKey, scores);
        return new ClassificationResult(scores, Stage);
    }

    /// <summary>Embeds (or classifies) <paramref name="sequences"/> in one batch, under the gate and the caller's deadline.</summary>
    internal static async ValueTask<float[][]> RunAsync(string stage, OnnxTextModel model, IReadOnlyList<ReadOnlyMemory<int>> sequences, TierRuntime runtime, CancellationToken cancellationToken)
    {
        var queued = Stopwatch.GetTimestamp();
        using var slot = await runtime.Gate.EnterAsync(runtime.MaxConcurrency, cancellationToken);
        runtime.Metrics?.RecordQueueWait(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);
        cancellationToken.ThrowIfCancellationRequested();
        using var options = new RunOptions();

        // ONNX Runtime cannot take a token; terminating the run is how a deadline stops a long inference.
        await using var registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, options);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return model.Run(sequences, options);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            runtime.Metrics?.RecordModelRun(stage, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Keeps the windows worth a run: in a text of several windows, those whose text the lexical gate escalates (the
    /// strongest first, at most <see cref="ChunkSettings.MaxChunks"/>, back in text order); all of them when none
    /// qualifies on its own (the vocabulary straddled a boundary).
    /// </summary>
    private List<(int Start, int End)> Select(EncodedText encoded, List<(int Start, int End)> windows, Func<string, double>? gate)
    {
        if (windows.Count <= 1 || (gate is null && windows.Count <= Chunks.MaxChunks))
        {
            return windows;
        }

        var ranked = new List<(double Priority, int Index)>(windows.Count);
        for (var i = 0; i < windows.Count; i++)
        {
            var priority = gate?.Invoke(encoded.Slice(windows[i].Start, windows[i].End)) ?? 0;
            if (priority >= 0)
            {
                ranked.Add((priority, i));
            }
        }

        if (ranked.Count == 0)
        {
            ranked.AddRange(windows.Select((_, i) => (0d, i)));
        }

        return [.. ranked
            .OrderByDescending(r => r.Priority)
            .ThenBy(r => r.Index)
            .Take(Chunks.MaxChunks)
            .OrderBy(r => r.Index)
            .Select(r => windows[r.Index])];
    }

    /// <summary>
    /// Windows of single sentences (with the sentence after them) whose own lexical score reaches
    /// <see cref="TierRuntime.FocusAt"/>, in a text of several sentences: a request hidden in a long wrapper or among filler is then also judged on its own, where mean
    /// pooling over a whole window would dilute it. At most <see cref="ChunkSettings.MaxChunks"/>, strongest first.
    /// </summary>
    private List<(int Start, int End)> FocusWindows(EncodedText encoded, int content, Func<string, double>? gate, double focusAt, List<(int Start, int End)> windows)
    {
        var focus = new List<(int Start, int End)>();
        if (gate is null)
        {
            return focus;
        }

        var sentences = Sentences(encoded);
        if (sentences.Count < 2)
        {
            return focus;
        }

        var ranked = new List<(double Priority, int Start, int End)>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var (start, end) = sentences[i];
            var priority = gate(encoded.Slice(start, end));
            if (priority < focusAt)
            {
                continue;
            }

            var withNext = Math.Min(start + content, i + 1 < sentences.Count ? sentences[i + 1].End : end);
            if (!windows.Contains((start, withNext)))
            {
                ranked.Add((priority, start, withNext));
            }
        }

        return [.. ranked.OrderByDescending(r => r.Priority).ThenBy(r => r.Start).Take(Chunks.MaxChunks).OrderBy(r => r.Start).Select(r => (r.Start, r.End))];
    }

    /// <summary>Token ranges of the sentences: ends after '.', '?', '!', ';' or ':' tokens and at line breaks.</summary>
    private static List<(int Start, int End)> Sentences(EncodedText encoded)
    {
        var sentences = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < encoded.Count; i++)
        {
            var breakBefore = i > start && encoded.Text.AsSpan(encoded.Ends[i - 1], Math.Max(0, encoded.Starts[i] - encoded.Ends[i - 1])).Contains('\n');
            if (breakBefore)
            {
                sentences.Add((start, i));
                start = i;
            }

            var length = encoded.Ends[i] - encoded.Starts[i];
            if (length == 1 && encoded.Text[encoded.Starts[i]] is '.' or '?' or '!' or ';' or ':')
            {
                sentences.Add((start, i + 1));
                start = i + 1;
            }
        }

        if (start < encoded.Count)
        {
            sentences.Add((start, encoded.Count));
        }

        return sentences;
    }

    /// <summary>A score for every category this tier reports, 0 until raised.</summary>
    protected abstract CategoryScores NewScores();

    /// <summary>Category scores of one model output row (one window), or null when the row has the wrong width.</summary>
    protected abstract CategoryScores? ScoreRow(float[] row);
}
