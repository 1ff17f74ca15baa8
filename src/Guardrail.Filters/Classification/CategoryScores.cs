namespace Guardrail.Filters.Classification;

/// <summary>
/// Scores in [0, 1] per policy category (for example <c>cbrn.chemical</c>). Absent categories score 0.
/// </summary>
public sealed class CategoryScores
{
    private readonly Dictionary<string, double> _scores = new(StringComparer.Ordinal);

    /// <summary>The shared empty set of failed results; never raised (a classifier returns its own instance).</summary>
    internal static CategoryScores Empty { get; } = new();

    /// <summary>The categories raised so far, by name (a category not in it scores 0).</summary>
    public IReadOnlyDictionary<string, double> Values => _scores;

    /// <summary>The score of <paramref name="category"/>, 0 when it was not raised.</summary>
    /// <param name="category">A policy category name such as <c>cbrn.chemical</c>.</param>
    public double this[string category] => _scores.TryGetValue(category, out var s) ? s : 0d;

    /// <summary>Raises the score of <paramref name="category"/> to <paramref name="score"/> if it is higher (scores combine by maximum).</summary>
    /// <param name="category">A policy category name such as <c>cbrn.chemical</c>; categories the policy does not name are ignored by it.</param>
    /// <param name="score">The score, clamped to [0, 1].</param>
    public void Raise(string category, double score)
    {
        if (!_scores.TryGetValue(category, out var current) || score > current)
        {
            _scores[category] = Math.Clamp(score, 0d, 1d);
        }
    }

    /// <summary>Raises every category of <paramref name="other"/> whose score is at least <paramref name="floor"/>; the others to 0.</summary>
    internal void RaiseAtLeast(CategoryScores other, double floor)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (category, score) in other._scores)
        {
            Raise(category, score >= floor ? score : 0d);
        }
    }

    /// <summary>Forgets every score, keeping the storage: a screen reuses one instance for all its readings.</summary>
    internal void Reset() => _scores.Clear();

    internal void RaiseAll(CategoryScores other)
    {
        foreach (var (category, score) in other._scores)
        {
            Raise(category, score);
        }
    }
}
