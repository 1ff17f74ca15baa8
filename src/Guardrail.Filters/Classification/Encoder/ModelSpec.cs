namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Everything needed to load one ONNX text model and feed it: where the model and its WordPiece vocabulary come
/// from, the graph's input and output names, pooling and session threads. Equal specs share one loaded session.
/// </summary>
/// <param name="Builtin">The built-in encoder, or null for a model file.</param>
/// <param name="ModelPath">Full path of the ONNX file when <paramref name="Builtin"/> is null.</param>
/// <param name="VocabPath">Full path of the WordPiece <c>vocab.txt</c> when <paramref name="Builtin"/> is null.</param>
/// <param name="InputIds">Name of the token-id input (int64 [batch, sequence]).</param>
/// <param name="AttentionMask">Name of the attention-mask input, or null when the graph has none.</param>
/// <param name="TokenTypeIds">Name of the token-type input, or null when the graph has none.</param>
/// <param name="Output">Name of the output to read.</param>
/// <param name="Pooling">How the output becomes one row per sequence.</param>
/// <param name="LowerCase">Whether the tokenizer lower-cases and strips accents (uncased BERT vocabularies).</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads for this session.</param>
internal sealed record ModelSpec(
    BuiltinEncoder? Builtin,
    string? ModelPath,
    string? VocabPath,
    string InputIds,
    string? AttentionMask,
    string? TokenTypeIds,
    string Output,
    Pooling Pooling,
    bool LowerCase,
    int IntraOpThreads)
{
    /// <summary>The spec of a built-in encoder with its standard BERT inputs.</summary>
    public static ModelSpec ForBuiltin(BuiltinEncoder encoder, int intraOpThreads)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return new ModelSpec(encoder, null, null, "input_ids", "attention_mask", "token_type_ids", "last_hidden_state", encoder.Pooling, true, intraOpThreads);
    }

    /// <summary>Human-readable source: <c>builtin:minilm</c> or the model file's path.</summary>
    public string Source => Builtin is { } b ? BuiltinEncoder.Scheme + b.Name : ModelPath ?? "";
}
