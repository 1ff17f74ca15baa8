namespace Guardrail.Filters.Classification;

/// <summary>
/// One stage of the screening cascade. Receives text that the normaliser already folded (lower case, NFKC,
/// confusables, leetspeak, re-joined letters) and returns a score per category.
/// </summary>
internal interface ITextClassifier
{
    /// <summary>Short stable name reported as the deciding stage, e.g. <c>lexical</c> or <c>encoder</c>.</summary>
    string Stage { get; }

    ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken);
}
