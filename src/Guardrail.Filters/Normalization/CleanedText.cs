namespace Guardrail.Filters.Normalization;

/// <summary>
/// Text after the Unicode clean-up (NFKC, diacritics, invisibles) but before case folding, so encoded segments can
/// still be decoded from it. <see cref="Hidden"/> holds text smuggled in Unicode tag characters, if any.
/// </summary>
internal readonly record struct CleanedText(string Text, string? Hidden);
