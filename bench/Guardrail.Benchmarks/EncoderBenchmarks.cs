using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Classification.Encoder;
using Microsoft.ML.OnnxRuntime;

namespace Guardrail.Benchmarks;

/// <summary>
/// The sentence encoder alone (tokens in, pooled embeddings out): latency by sequence length and batch size, and by
/// ONNX Runtime intra-op threads. Sequences are real WordPiece ids cut to the length ([CLS] and [SEP] added).
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private OnnxTextModel _model = null!;
    private ReadOnlyMemory<int>[] _batch = [];
    private RunOptions _options = null!;

    [Params(16, 64, 128, 256, 510)]
    public int Tokens { get; set; }

    [Params(1, 8)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (model, error) = OnnxTextModel.Load(ModelSpec.ForBuiltin(BuiltinEncoder.MiniLM, Threads));
        _model = model ?? throw new InvalidOperationException(error);
        var text = string.Concat(Enumerable.Repeat("The committee reviewed how hospitals prepare for chemical incidents and how first responders are trained. ", 40));
        var ids = _model.Encode(text, Tokens).Ids;
        _batch = [.. Enumerable.Repeat((ReadOnlyMemory<int>)ids, Batch)];
        _options = new RunOptions();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _options.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public int Embed() => _model.Run(_batch, _options).Length;
}
