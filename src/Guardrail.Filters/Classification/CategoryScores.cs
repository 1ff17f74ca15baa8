namespace Guardrail.Filters.Classification;

/// <summary>
/// Scores in [0, 1] per policy category (for example <c>cbrn.chemical</c>). Absent categories score 0.
/// </summary>
internal sealed class CategoryScores
{
    private readonly Dictionary<string, double> _scores = new(StringComparer.Ordinal);

    public static CategoryScores Empty { get; } = new();

    public IReadOnlyDictionary<string, double> Values => _scores;

    public double this[string category] => _scores.TryGetValue(category, out var s) ? s : 0d;

    /// <summary>Raises the score of <paramref name="category"/> to <paramref name="score"/> if it is higher (scores combine by maximum).</summary>
    public void Raise(string category, double score)
    {
        if (!_scores.TryGetValue(category, out var current) || score > current)
        {
            _scores[category] = Math.Clamp(score, 0d, 1d);
        }
    }

    /// <summary>Raises every category of <paramref name="other"/> whose score is at least <paramref name="floor"/>; the others to 0.</summary>
    public void RaiseAtLeast(CategoryScores other, double floor)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (category, score) in other._scores)
        {
            Raise(category, score >= floor ? score : 0d);
        }
    }

    /// <summary>Forgets every score, keeping the storage: a screen reuses one instance for all its readings.</summary>
    public void Reset() => _scores.Clear();

    public void RaiseAll(CategoryScores other)
    {
        foreach (var (category, score) in other._scores)
        {
            Raise(category, score);
        }
    }
}
