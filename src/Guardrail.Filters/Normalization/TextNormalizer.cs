namespace Guardrail.Filters.Normalization;

/// <summary>Folds obfuscated text into a canonical form before classification. (Placeholder: replaced by the normalisation work.)</summary>
internal static class TextNormalizer
{
    public static NormalizedText Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NormalizedText(text.ToLowerInvariant(), []);
    }
}
