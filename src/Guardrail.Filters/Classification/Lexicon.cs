namespace Guardrail.Filters.Classification;

/// <summary>A compiled lexicon. (Placeholder: replaced by the lexical classifier work.)</summary>
internal sealed class Lexicon
{
    public IReadOnlyList<string> Categories { get; init; } = [];
}
