namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// A learned tier of the cascade (the shipped encoder with its head, or an operator's ONNX model). Unlike a plain
/// <see cref="ITextClassifier"/> it runs only on texts the lexical tier escalates, shares the process's verdict cache
/// and inference gate, and reports whether its model is ready.
/// </summary>
internal interface IModelTier : ITextClassifier
{
    /// <summary>The model this tier runs.</summary>
    ModelHandle Model { get; }

    /// <summary>
    /// Identifies the tier's behaviour (model, head, settings) in verdict-cache keys, so a changed head or model never
    /// serves a verdict cached under the old one.
    /// </summary>
    ReadOnlyMemory<byte> Fingerprint { get; }

    /// <summary>Scores <paramref name="normalizedText"/> with the shared <paramref name="runtime"/>.</summary>
    ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, TierRuntime runtime, CancellationToken cancellationToken);
}
