namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// The small learned classifier on top of the sentence encoder: dense layers ending in one sigmoid per category
/// (logistic regression when there is a single layer). Its weights live in the policy folder as JSON
/// (<see cref="HeadFile"/>) and are rebuilt reproducibly by <c>guardrail train</c>.
/// </summary>
internal sealed class CategoryHead
{
    public CategoryHead(string encoder, IReadOnlyList<string> categories, IReadOnlyList<HeadLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || layers[^1].Outputs != categories.Count)
        {
            throw new ArgumentException("the last layer must have one output per category", nameof(layers));
        }

        Encoder = encoder;
        Categories = categories;
        Layers = layers;
        Dimension = layers[0].Inputs;
    }

    /// <summary>The encoder the head was trained on, e.g. <c>builtin:minilm</c>.</summary>
    public string Encoder { get; }

    public IReadOnlyList<string> Categories { get; }

    public IReadOnlyList<HeadLayer> Layers { get; }

    /// <summary>Embedding width the head expects.</summary>
    public int Dimension { get; }

    /// <summary>Free-form training metadata kept in the file (seed, corpus digest, counts), or null.</summary>
    public string? TrainingNote { get; init; }

    /// <summary>One probability per category for one embedding.</summary>
    public double[] Score(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
        {
            throw new ArgumentException($"expected an embedding of {Dimension} values, got {embedding.Length}", nameof(embedding));
        }

        var width = Layers.Max(l => l.Outputs);
        Span<double> a = stackalloc double[Math.Max(width, Dimension)];
        Span<double> b = stackalloc double[Math.Max(width, Dimension)];
        for (var i = 0; i < embedding.Length; i++)
        {
            a[i] = embedding[i];
        }

        foreach (var layer in Layers)
        {
            layer.Apply(a[..layer.Inputs], b[..layer.Outputs]);
            var t = a;
            a = b;
            b = t;
        }

        return a[..Categories.Count].ToArray();
    }
}
