namespace Guardrail.Filters.Classification;

/// <summary>
/// One stage of the screening cascade. Receives text that the normaliser already folded (lower case, NFKC,
/// confusables, leetspeak, re-joined letters) and returns a score per category.
/// </summary>
/// <remarks>
/// The plug-in point for an operator's own model: every implementation registered in the host's services
/// (<c>services.AddSingleton&lt;ITextClassifier, MyClassifier&gt;()</c>) runs beside the policy's own tiers on every
/// variant of every text of every guarded request, answer and stream window; scores combine with the others by
/// maximum and the policy's category thresholds and actions apply. One instance serves concurrent requests, so an
/// implementation must be thread-safe.
/// </remarks>
public interface ITextClassifier
{
    /// <summary>Short stable name reported as the deciding stage, e.g. <c>lexical</c> or <c>encoder</c>.</summary>
    string Stage { get; }

    /// <summary>
    /// Scores <paramref name="normalizedText"/>. An expected failure (timeout, model error) is returned as
    /// <see cref="ClassificationResult.Fail"/>, never thrown: the policy's <c>on_classifier_error</c> then decides.
    /// </summary>
    /// <param name="normalizedText">The folded text of one message, joined conversation or window.</param>
    /// <param name="cancellationToken">Cancelled when the screen's deadline passes or the client goes away.</param>
    /// <returns>The scores this stage gives, tagged with <see cref="Stage"/>.</returns>
    ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken);
}
