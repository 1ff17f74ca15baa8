namespace Guardrail.Filters.Classification.Encoder;

/// <summary>How an operator model's output row becomes probabilities.</summary>
internal enum OutputActivation
{
    /// <summary>One softmax over all labels (single-label classifiers).</summary>
    Softmax,

    /// <summary>An independent sigmoid per label (multi-label classifiers).</summary>
    Sigmoid,

    /// <summary>The model already outputs probabilities in [0, 1].</summary>
    None,
}
