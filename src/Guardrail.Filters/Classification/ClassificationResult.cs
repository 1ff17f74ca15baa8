namespace Guardrail.Filters.Classification;

/// <summary>
/// What one classifier said about one text: scores per category, the stage that produced them, or an error.
/// A classifier never throws for an expected failure (timeout, model error); it returns <see cref="Error"/> and the
/// caller applies the policy's fail-closed or fail-open rule.
/// </summary>
/// <param name="Scores">The scores per category; a new <see cref="CategoryScores"/> the classifier filled.</param>
/// <param name="Stage">The classifier's <see cref="ITextClassifier.Stage"/>.</param>
/// <param name="Error">Why the classifier could not decide, or null when it did.</param>
public readonly record struct ClassificationResult(CategoryScores Scores, string Stage, string? Error = null)
{
    /// <summary>Whether the classifier could not decide (<see cref="Error"/> is set).</summary>
    public bool Failed => Error is not null;

    /// <summary>A result that says the classifier <paramref name="stage"/> could not decide, and why.</summary>
    /// <param name="stage">The classifier's <see cref="ITextClassifier.Stage"/>.</param>
    /// <param name="error">A short reason for the log (never the screened text).</param>
    /// <returns>A failed result with no scores (a shared empty set: do not raise it).</returns>
    public static ClassificationResult Fail(string stage, string error) => new(CategoryScores.Empty, stage, error);
}
