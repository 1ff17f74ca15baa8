namespace Guardrail.Filters.Classification;

/// <summary>Policy-driven lexical classifier. (Placeholder: replaced by the lexical classifier work.)</summary>
internal sealed class LexicalClassifier(Lexicon lexicon) : ITextClassifier
{
    public string Stage => "lexical";

    public Lexicon Lexicon { get; } = lexicon;

    public ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken)
        => ValueTask.FromResult(new ClassificationResult(new CategoryScores(), Stage));
}
