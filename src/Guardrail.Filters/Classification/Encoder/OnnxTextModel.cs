using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// One loaded ONNX text model with its WordPiece tokenizer: turns texts into id sequences and id sequences into
/// one output row each (a pooled sentence embedding, or a classifier's logits). Thread-safe: one instance serves
/// all requests (ONNX Runtime sessions allow concurrent runs).
/// </summary>
internal sealed class OnnxTextModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxTextModel(ModelSpec spec, InferenceSession session, BertTokenizer tokenizer, int outputWidth)
    {
        Spec = spec;
        _session = session;
        _tokenizer = tokenizer;
        OutputWidth = outputWidth;
        _inputNames = new[] { spec.InputIds, spec.AttentionMask, spec.TokenTypeIds }.OfType<string>().ToArray();
        _outputNames = [spec.Output];
        MaxSequence = spec.Builtin?.MaxPositions ?? int.MaxValue;
    }

    public ModelSpec Spec { get; }

    /// <summary>Width of one output row (embedding dimension or number of labels); 0 when the graph leaves it dynamic.</summary>
    public int OutputWidth { get; private set; }

    /// <summary>Longest sequence (special tokens included) the model accepts, when known.</summary>
    public int MaxSequence { get; }

    /// <summary>Loads the model and vocabulary of <paramref name="spec"/>; an unusable model is an error value.</summary>
    public static (OnnxTextModel? Model, string? Error) Load(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Stream? vocab = null;
        InferenceSession? session = null;
        var options = new SessionOptions
        {
            IntraOpNumThreads = spec.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            if (spec.Builtin is { } builtin)
            {
                Assembly assembly;
                try
                {
                    assembly = Assembly.Load(builtin.AssemblyName);
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    return (null, $"built-in encoder '{builtin.Name}' needs the {builtin.AssemblyName} package beside the proxy: {ex.Message}");
                }

                using var modelStream = assembly.GetManifestResourceStream(builtin.ModelResource);
                vocab = assembly.GetManifestResourceStream(builtin.VocabResource);
                if (modelStream is null || vocab is null)
                {
                    return (null, $"{builtin.AssemblyName} does not carry {builtin.ModelResource} and {builtin.VocabResource}");
                }

                var bytes = new byte[modelStream.Length];
                modelStream.ReadExactly(bytes);
                session = new InferenceSession(bytes, options);
            }
            else
            {
                vocab = File.OpenRead(spec.VocabPath!);
                session = new InferenceSession(spec.ModelPath!, options);
            }

            var tokenizer = BertTokenizer.Create(vocab, new BertOptions
            {
                LowerCaseBeforeTokenization = spec.LowerCase,

                // Uncased BERT vocabularies are built on accent-stripped text ("école" is "ecole"); without this the
                // tokenizer maps accented words to [UNK].
                RemoveNonSpacingMarks = spec.LowerCase,
            });
            if (Validate(spec, session) is { } problem)
            {
                return (null, problem);
            }

            var width = OutputWidthOf(session, spec.Output);
            var model = new OnnxTextModel(spec, session, tokenizer, width);
            session = null;
            return (model, null);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException)
        {
            return (null, $"cannot load model {spec.Source}: {ex.Message}");
        }
        finally
        {
            vocab?.Dispose();
            session?.Dispose();
            options.Dispose();
        }
    }

    /// <summary>Why the graph cannot be fed or read as <paramref name="spec"/> says, or null.</summary>
    private static string? Validate(ModelSpec spec, InferenceSession session)
    {
        var inputs = session.InputMetadata;
        var declared = new[] { spec.InputIds, spec.AttentionMask, spec.TokenTypeIds }.OfType<string>().ToArray();
        foreach (var name in declared)
        {
            if (!inputs.TryGetValue(name, out var meta))
            {
                return $"model {spec.Source} has no input '{name}'; its inputs are: {string.Join(", ", inputs.Keys)}";
            }

            if (meta.ElementDataType != TensorElementType.Int64 || meta.Dimensions.Length != 2)
            {
                return $"model {spec.Source} input '{name}' is {meta.ElementDataType}[{string.Join(",", meta.Dimensions)}]; expected int64 [batch, sequence]";
            }
        }

        var unfed = inputs.Keys.Where(k => !declared.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unfed.Length > 0)
        {
            return $"model {spec.Source} needs inputs this configuration does not feed: {string.Join(", ", unfed)}";
        }

        if (!session.OutputMetadata.TryGetValue(spec.Output, out var output))
        {
            return $"model {spec.Source} has no output '{spec.Output}'; its outputs are: {string.Join(", ", session.OutputMetadata.Keys)}";
        }

        var rank = spec.Pooling == Pooling.None ? 2 : 3;
        if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != rank)
        {
            return $"model {spec.Source} output '{spec.Output}' is {output.ElementDataType}[{string.Join(",", output.Dimensions)}]; expected float with {rank} dimensions for pooling {spec.Pooling.ToString().ToLowerInvariant()}";
        }

        return null;
    }

    private static int OutputWidthOf(InferenceSession session, string output)
    {
        var dims = session.OutputMetadata[output].Dimensions;
        return dims[^1] > 0 ? dims[^1] : 0;
    }

    /// <summary>Tokenises <paramref name="text"/> (no special tokens), keeping at most <paramref name="maxTokens"/> tokens.</summary>
    public EncodedText Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = _tokenizer.EncodeToTokens(text, out var normalized);
        var count = Math.Min(tokens.Count, maxTokens);
        var ids = new int[count];
        var starts = new int[count];
        var ends = new int[count];
        var source = normalized ?? text;
        for (var i = 0; i < count; i++)
        {
            ids[i] = tokens[i].Id;
            (starts[i], ends[i]) = (tokens[i].Offset.Start.GetOffset(source.Length), tokens[i].Offset.End.GetOffset(source.Length));
        }

        return new EncodedText(source, ids, starts, ends);
    }

    /// <summary>
    /// Runs one batch: every sequence gets [CLS] ... [SEP], is padded to the longest, and comes back as one pooled row.
    /// <paramref name="options"/> lets the caller terminate a run that outlives its deadline.
    /// </summary>
    public float[][] Run(IReadOnlyList<ReadOnlyMemory<int>> sequences, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(options);
        var batch = sequences.Count;
        if (batch == 0)
        {
            return [];
        }

        var length = 2 + sequences.Max(s => s.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (var b = 0; b < batch; b++)
        {
            var row = b * length;
            var seq = sequences[b].Span;
            ids[row] = _tokenizer.ClassificationTokenId;
            for (var i = 0; i < seq.Length; i++)
            {
                ids[row + 1 + i] = seq[i];
            }

            ids[row + 1 + seq.Length] = _tokenizer.SeparatorTokenId;
            for (var i = seq.Length + 2; i < length; i++)
            {
                ids[row + i] = _tokenizer.PaddingTokenId;
            }

            mask.AsSpan(row, seq.Length + 2).Fill(1);
        }

        long[] shape = [batch, length];
        var values = new List<OrtValue>(3);
        try
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(ids, shape));
            if (Spec.AttentionMask is not null)
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
            }

            if (Spec.TokenTypeIds is not null)
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape));
            }

            using var outputs = _session.Run(options, _inputNames, values, _outputNames);
            return Pool(outputs[0], mask, batch, length);
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }

    private float[][] Pool(OrtValue output, long[] mask, int batch, int length)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        var data = output.GetTensorDataAsSpan<float>();
        var width = (int)shape[^1];
        if (OutputWidth == 0)
        {
            OutputWidth = width;
        }

        var rows = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var row = new float[width];
            switch (Spec.Pooling)
            {
                case Pooling.None:
                    data.Slice(b * width, width).CopyTo(row);
                    break;
                case Pooling.Cls:
                    data.Slice(b * length * width, width).CopyTo(row);
                    Normalize(row);
                    break;
                default:
                    var count = 0;
                    for (var t = 0; t < length; t++)
                    {
                        if (mask[(b * length) + t] == 0)
                        {
                            continue;
                        }

                        count++;
                        var token = data.Slice(((b * length) + t) * width, width);
                        for (var d = 0; d < width; d++)
                        {
                            row[d] += token[d];
                        }
                    }

                    for (var d = 0; d < width; d++)
                    {
                        row[d] /= Math.Max(count, 1);
                    }

                    Normalize(row);
                    break;
            }

            rows[b] = row;
        }

        return rows;
    }

    private static void Normalize(float[] row)
    {
        var sum = 0d;
        foreach (var x in row)
        {
            sum += (double)x * x;
        }

        var norm = (float)Math.Sqrt(sum);
        if (norm <= 0)
        {
            return;
        }

        for (var d = 0; d < row.Length; d++)
        {
            row[d] /= norm;
        }
    }

    public void Dispose() => _session.Dispose();
}
