namespace Guardrail.Filters.Normalization;

/// <summary>
/// The result of normalising one input text: the canonical folded form plus every further variant worth screening
/// (decoded base64 / hex segments, the rot13 reading). Every variant is already folded like <see cref="Canonical"/>.
/// </summary>
internal sealed record NormalizedText(string Canonical, IReadOnlyList<string> Variants)
{
    /// <summary>The canonical form first, then the variants.</summary>
    public IEnumerable<string> All()
    {
        yield return Canonical;
        foreach (var v in Variants)
        {
            yield return v;
        }
    }
}
