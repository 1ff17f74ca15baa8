namespace Guardrail.Filters.Classification.Encoder;

/// <summary>Activation after one dense layer of a <see cref="CategoryHead"/>.</summary>
internal enum HeadActivation
{
    /// <summary>Hidden layers.</summary>
    Relu,

    /// <summary>The output layer: one independent probability per category.</summary>
    Sigmoid,
}
