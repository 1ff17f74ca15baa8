namespace Guardrail.Filters.Classification;

/// <summary>The screen's decision with what it is based on. Carries no text, so it is safe to log whole.</summary>
/// <param name="Action">What the policy says to do.</param>
/// <param name="Category">The deciding category (highest-scoring one at or above its threshold), if any.</param>
/// <param name="Score">The deciding category's score, or the highest score when nothing reached a threshold.</param>
/// <param name="Stage">The classifier stage that produced the deciding score.</param>
/// <param name="Scores">Every category's score.</param>
/// <param name="Error">Why the screen could not decide, when <paramref name="Action"/> is <see cref="ScreenAction.Undecided"/>.</param>
internal sealed record ScreenVerdict(
    ScreenAction Action,
    string? Category,
    double Score,
    string Stage,
    CategoryScores Scores,
    string? Error = null)
{
    /// <summary>
    /// Whether the last user turn of a screened request carries CBRN vocabulary (an anchor) and whether it asks for
    /// something (an intent term): what the rolling risk needs to know about a request's topic.
    /// </summary>
    public (bool Carries, bool Asks) LastUser { get; init; }

    /// <summary>Whether the lexical tier escalated any text of this screen to the model tiers.</summary>
    public bool Escalated { get; init; }

    /// <summary>
    /// Each stage's own scores (the lexical tier's before the cascade combined them), for audit and evaluation;
    /// empty when the screen could not decide.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, CategoryScores>> StageScores { get; init; } = [];
}
