namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// The shipped semantic tier: a sentence encoder (built in, or an operator's) pooled into one embedding per window,
/// scored per category by a small learned <see cref="CategoryHead"/>.
/// </summary>
internal sealed class EncoderClassifier : ChunkedModelTier
{
    public EncoderClassifier(ModelHandle model, CategoryHead head, ChunkSettings chunks, string headDigest)
        : base("encoder", model, chunks, headDigest)
    {
        ArgumentNullException.ThrowIfNull(head);
        Head = head;
    }

    public CategoryHead Head { get; }

    protected override CategoryScores NewScores()
    {
        var scores = new CategoryScores();
        foreach (var c in Head.Categories)
        {
            scores.Raise(c, 0);
        }

        return scores;
    }

    protected override CategoryScores? ScoreRow(float[] row)
    {
        if (row.Length != Head.Dimension)
        {
            return null;
        }

        var probabilities = Head.Score(row);
        var scores = new CategoryScores();
        for (var i = 0; i < probabilities.Length; i++)
        {
            scores.Raise(Head.Categories[i], probabilities[i]);
        }

        return scores;
    }
}
