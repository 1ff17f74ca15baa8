namespace Guardrail.Filters.Normalization;

/// <summary>
/// One text taken through the folding passes: the input itself (depth 0) or a decoded segment. Keeps the cleaned,
/// case-preserving text for further decoding, and the other leet readings when they differ from the canonical one.
/// </summary>
internal sealed record FoldedItem(
    int Depth, CleanedText Cleaned, string Canonical, string? Literal, string? Alternate);
