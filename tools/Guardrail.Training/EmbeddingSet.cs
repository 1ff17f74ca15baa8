using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Guardrail.Filters.Classification.Encoder;
using Microsoft.ML.OnnxRuntime;

namespace Guardrail.Training;

/// <summary>
/// Embeds labelled rows window by window with the encoder, as serving does: each window of a text is one training
/// sample with the text's labels (a positive contributes its first window only: the synthetic and development
/// positives are single requests, and a later window of a long positive may hold no request at all). Windows are run
/// in batches of similar length, single-threaded, in a fixed order, so the embeddings (and the head trained on them)
/// are the same on every run. An optional cache file keyed by encoder and window ids saves re-embedding while tuning.
/// </summary>
internal static class EmbeddingSet
{
    private const int BatchSize = 32;

    /// <summary>Windows of a negative text used in training.</summary>
    private const int MaxNegativeWindows = 2;

    public sealed record Sample(float[] Embedding, IReadOnlyList<string> Categories, int Row);

    public static List<Sample> Embed(OnnxTextModel model, IReadOnlyList<CorpusRow> rows, int maxTokens, int overlap, string? cachePath, TextWriter? progress)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var cache = LoadCache(cachePath, model.Spec.Source);
        var windows = new List<(int Row, int[] Ids, UInt128 Key)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var encoded = model.Encode(rows[r].Text, int.MaxValue);
            var chunks = TokenChunker.Chunk(encoded.Count, maxTokens - 2, overlap);
            if (chunks.Count == 0)
            {
                continue;
            }

            var keep = rows[r].Positive ? 1 : MaxNegativeWindows;
            foreach (var (start, end) in chunks.Take(keep))
            {
                var ids = encoded.Ids[start..end];
                windows.Add((r, ids, KeyOf(model.Spec.Source, ids)));
            }
        }

        var embeddings = new float[windows.Count][];
        var todo = Enumerable.Range(0, windows.Count)
            .Where(i => !cache.TryGetValue(windows[i].Key, out embeddings[i]!))
            .OrderBy(i => windows[i].Ids.Length)
            .ThenBy(i => i)
            .ToArray();
        using var options = new RunOptions();
        for (var b = 0; b < todo.Length; b += BatchSize)
        {
            var batch = todo.Skip(b).Take(BatchSize).ToArray();
            var rowsOut = model.Run(batch.Select(i => (ReadOnlyMemory<int>)windows[i].Ids).ToArray(), options);
            for (var k = 0; k < batch.Length; k++)
            {
                embeddings[batch[k]] = rowsOut[k];
                cache[windows[batch[k]].Key] = rowsOut[k];
            }

            if (progress is not null && (b / BatchSize) % 50 == 0)
            {
                progress.WriteLine($"  embedded {Math.Min(b + BatchSize, todo.Length)}/{todo.Length} windows");
            }
        }

        if (todo.Length > 0)
        {
            SaveCache(cachePath, model.Spec.Source, cache);
        }

        return [.. windows.Select((w, i) => new Sample(embeddings[i], rows[w.Row].Categories, w.Row))];
    }

    private static UInt128 KeyOf(string encoder, int[] ids)
    {
        var bytes = new byte[(ids.Length * 4) + encoder.Length];
        MemoryMarshal.AsBytes(ids.AsSpan()).CopyTo(bytes);
        System.Text.Encoding.ASCII.GetBytes(encoder, bytes.AsSpan(ids.Length * 4));
        return MemoryMarshal.Read<UInt128>(SHA256.HashData(bytes));
    }

    private static Dictionary<UInt128, float[]> LoadCache(string? path, string encoder)
    {
        var cache = new Dictionary<UInt128, float[]>();
        if (path is null || !File.Exists(path))
        {
            return cache;
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != encoder)
        {
            return cache;
        }

        var count = reader.ReadInt32();
        var width = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
            var v = new float[width];
            for (var d = 0; d < width; d++)
            {
                v[d] = reader.ReadSingle();
            }

            cache[key] = v;
        }

        return cache;
    }

    private static void SaveCache(string? path, string encoder, Dictionary<UInt128, float[]> cache)
    {
        if (path is null || cache.Count == 0)
        {
            return;
        }

        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(encoder);
        writer.Write(cache.Count);
        writer.Write(cache.First().Value.Length);
        foreach (var (key, v) in cache)
        {
            writer.Write((ulong)(key >> 64));
            writer.Write((ulong)key);
            foreach (var x in v)
            {
                writer.Write(x);
            }
        }
    }
}
