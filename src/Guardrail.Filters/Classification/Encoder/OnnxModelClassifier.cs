namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// An operator's ONNX text-classification model (for example a fine-tuned BERT exported with its logits output):
/// each output label maps to a policy category, or to nothing (<c>null</c> in the label map).
/// </summary>
internal sealed class OnnxModelClassifier : ChunkedModelTier
{
    private readonly string?[] _labels;
    private readonly string[] _categories;

    public OnnxModelClassifier(string name, ModelHandle model, IReadOnlyList<string?> labels, OutputActivation activation, ChunkSettings chunks)
        : base("model:" + name, model, chunks, $"{string.Join(",", labels)}|{activation}")
    {
        ArgumentNullException.ThrowIfNull(labels);
        Name = name;
        _labels = [.. labels];
        _categories = [.. labels.OfType<string>().Distinct(StringComparer.Ordinal)];
        Activation = activation;
    }

    public string Name { get; }

    public OutputActivation Activation { get; }

    public IReadOnlyList<string?> Labels => _labels;

    protected override CategoryScores NewScores()
    {
        var scores = new CategoryScores();
        foreach (var c in _categories)
        {
            scores.Raise(c, 0);
        }

        return scores;
    }

    protected override CategoryScores? ScoreRow(float[] row)
    {
        var scores = NewScores();
        if (row.Length != _labels.Length)
        {
            // Checked at load against the graph's declared width; only a dynamic width can disagree here.
            return null;
        }

        var max = row.Max();
        var sum = Activation == OutputActivation.Softmax ? row.Sum(v => Math.Exp(v - max)) : 1;
        for (var i = 0; i < row.Length; i++)
        {
            if (_labels[i] is not { } category)
            {
                continue;
            }

            var p = Activation switch
            {
                OutputActivation.Softmax => Math.Exp(row[i] - max) / sum,
                OutputActivation.Sigmoid => HeadLayer.Sigmoid(row[i]),
                _ => Math.Clamp(row[i], 0, 1),
            };
            scores.Raise(category, p);
        }

        return scores;
    }
}
