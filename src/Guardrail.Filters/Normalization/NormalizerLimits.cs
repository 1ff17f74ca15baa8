namespace Guardrail.Filters.Normalization;

/// <summary>
/// Bounds that keep normalisation linear and memory-bounded on the request path: a hostile input (1 MB of nested
/// base64, thousands of encoded segments) must cost a small constant multiple of its own size, never more.
/// </summary>
internal static class NormalizerLimits
{
    /// <summary>Most variants returned for one input; every variant is classified, so this caps classifier work.</summary>
    public const int MaxVariants = 16;

    /// <summary>Total characters over all variants (about 8 MB of strings at most, whatever the input).</summary>
    public const int MaxTotalVariantChars = 4 * 1024 * 1024;

    /// <summary>Most characters of decoded text taken from one source per encoding, so one huge blob cannot starve the rest.</summary>
    public const int MaxDecodedCharsPerItem = 1024 * 1024;

    /// <summary>Decoding depth: 1 = a segment of the input, 2 = a segment inside that decoded text. Never deeper.</summary>
    public const int MaxDepth = 2;

    /// <summary>Most decoded texts (over all depths and encodings) that are folded and searched further.</summary>
    public const int MaxDecodedItems = 8;

    /// <summary>Shortest base64 run considered: shorter runs are mostly ordinary words and decode to 8 bytes or fewer.</summary>
    public const int MinBase64Chars = 12;

    /// <summary>Fewest bytes a hex segment must encode; shorter hex runs are ids, colours and hashes, not hidden text.</summary>
    public const int MinHexBytes = 8;
}
