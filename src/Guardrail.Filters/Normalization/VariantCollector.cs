namespace Guardrail.Filters.Normalization;

/// <summary>
/// Gathers variants in priority order under the count and character budgets of <see cref="NormalizerLimits"/>,
/// skipping empties and duplicates (of the canonical text or of an earlier variant).
/// </summary>
internal sealed class VariantCollector(string canonical)
{
    private readonly List<string> _variants = [];

    public int RemainingChars { get; private set; } = NormalizerLimits.MaxTotalVariantChars;

    public bool IsFull => _variants.Count >= NormalizerLimits.MaxVariants || RemainingChars <= 0;

    /// <summary>True when a variant of this length would still be accepted; lets callers skip computing it.</summary>
    public bool CanFit(int length) => !IsFull && length <= RemainingChars;

    public bool TryAdd(string? variant)
    {
        if (string.IsNullOrEmpty(variant) || !CanFit(variant.Length) || string.Equals(variant, canonical, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var existing in _variants)
        {
            if (string.Equals(existing, variant, StringComparison.Ordinal))
            {
                return false;
            }
        }

        _variants.Add(variant);
        RemainingChars -= variant.Length;
        return true;
    }

    public IReadOnlyList<string> ToList() => _variants.Count == 0 ? [] : _variants.ToArray();
}
