namespace Guardrail.Filters.Classification;

/// <summary>
/// What one classifier said about one text: scores per category, the stage that produced them, or an error.
/// A classifier never throws for an expected failure (timeout, model error); it returns <see cref="Error"/> and the
/// caller applies the policy's fail-closed or fail-open rule.
/// </summary>
internal readonly record struct ClassificationResult(CategoryScores Scores, string Stage, string? Error = null)
{
    public bool Failed => Error is not null;

    public static ClassificationResult Fail(string stage, string error) => new(CategoryScores.Empty, stage, error);
}
