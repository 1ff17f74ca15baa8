namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// The process's loaded ONNX models, one session per distinct <see cref="ModelSpec"/> (a model file is also keyed by
/// its size and write time, so a replaced file loads anew). Loading runs on the thread pool, off the request path;
/// policies that name the same model share it across hot reloads, so a reload never reloads an unchanged model.
/// </summary>
/// <remarks>
/// Sessions are never unloaded while the process runs: an old policy may still be finishing requests with one, and
/// models are few. A replaced model file leaves its old session to the garbage collector.
/// </remarks>
internal sealed class ModelCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ModelHandle> _models = new(StringComparer.Ordinal);

    /// <summary>The catalog the policy loader uses.</summary>
    public static ModelCatalog Shared { get; } = new();

    /// <summary>Every model requested so far.</summary>
    public IReadOnlyList<ModelHandle> Models
    {
        get
        {
            lock (_lock)
            {
                return [.. _models.Values];
            }
        }
    }

    /// <summary>Returns the handle of <paramref name="spec"/>, starting its load in the background when new.</summary>
    public ModelHandle GetOrLoad(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = KeyOf(spec);
        lock (_lock)
        {
            if (_models.TryGetValue(key, out var handle) && handle.Error is null)
            {
                return handle;
            }

            // A failed load is retried on the next request for it (the file may have been fixed meanwhile).
            handle = new ModelHandle(spec, Task.Run(() => OnnxTextModel.Load(spec)));
            _models[key] = handle;
            return handle;
        }
    }

    private static string KeyOf(ModelSpec spec)
    {
        var stamp = "";
        foreach (var path in new[] { spec.ModelPath, spec.VocabPath })
        {
            if (path is not null)
            {
                var info = new FileInfo(path);
                stamp += info.Exists ? $"|{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "|missing";
            }
        }

        return spec + stamp;
    }
}
