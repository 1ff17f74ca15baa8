namespace Guardrail.Filters.Normalization;

/// <summary>
/// Folds obfuscated text into the canonical form every classifier receives, plus variants worth screening too.
/// </summary>
/// <remarks>
/// <para>Canonical: NFKC, diacritics stripped, invisibles dropped, tag characters decoded, homoglyphs folded to Latin,
/// lower case, leetspeak read inside words, spaced-out letters re-joined, whitespace collapsed.</para>
/// <para>Variants, in priority order (the budget drops the tail first): decoded text of base64 / hex / percent-encoded
/// segments and of tag-smuggled text (breadth-first, nested up to <see cref="NormalizerLimits.MaxDepth"/>); the rot13
/// reading; the alternate leet reading (1 as l); the literal reading without leet ("h5n1"); the reversed text; then
/// the same readings of the decoded texts. Each is folded like the canonical form.</para>
/// <para>Cost is linear in the input: a few passes, pooled buffers, at most <see cref="NormalizerLimits.MaxVariants"/>
/// variants and <see cref="NormalizerLimits.MaxTotalVariantChars"/> characters in all.</para>
/// </remarks>
internal static class TextNormalizer
{
    /// <summary>Decoders in priority order; each returns the decoded text found in a cleaned text, or null.</summary>
    private static readonly Func<CleanedText, int, string?>[] s_decoders =
    [
        static (cleaned, _) => cleaned.Hidden,
        static (cleaned, maxChars) => Base64SegmentDecoder.Decode(cleaned.Text, maxChars),
        static (cleaned, maxChars) => HexSegmentDecoder.Decode(cleaned.Text, maxChars),
        static (cleaned, maxChars) => PercentSegmentDecoder.Decode(cleaned.Text, maxChars),
    ];

    public static NormalizedText Normalize(string text) => Normalize(text, wholeTextReadings: null);

    /// <summary>
    /// Normalises <paramref name="text"/>; the rot13 and reversed readings of a folded text are built only when
    /// <paramref name="wholeTextReadings"/> (given its canonical form) says they could matter, or when it is null.
    /// </summary>
    public static NormalizedText Normalize(string text, Func<string, bool>? wholeTextReadings)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new NormalizedText(string.Empty, []);
        }

        var root = TextFolder.Fold(text, depth: 0);
        var collector = new VariantCollector(root.Canonical);

        var decoded = new List<FoldedItem>();
        AddDecoded(root, decoded, collector);
        for (var k = 0; k < decoded.Count; k++)
        {
            if (decoded[k].Depth < NormalizerLimits.MaxDepth)
            {
                AddDecoded(decoded[k], decoded, collector);
            }
        }

        AddReadings(root, collector, wholeTextReadings);
        foreach (var item in decoded)
        {
            AddReadings(item, collector, wholeTextReadings);
        }

        return new NormalizedText(root.Canonical, collector.ToList());
    }

    /// <summary>Decodes every encoding found in <paramref name="source"/>, adding each decoded text's canonical form.</summary>
    private static void AddDecoded(FoldedItem source, List<FoldedItem> decoded, VariantCollector collector)
    {
        foreach (var decoder in s_decoders)
        {
            if (decoded.Count >= NormalizerLimits.MaxDecodedItems || collector.IsFull)
            {
                return;
            }

            var maxChars = Math.Min(collector.RemainingChars, NormalizerLimits.MaxDecodedCharsPerItem);
            var raw = decoder(source.Cleaned, maxChars);
            if (raw is null || raw.Length > maxChars)
            {
                continue;
            }

            var item = TextFolder.Fold(raw, source.Depth + 1);
            // Only texts that added something new are searched further, which also stops decode cycles.
            if (collector.TryAdd(item.Canonical))
            {
                decoded.Add(item);
            }
        }
    }

    private static void AddReadings(FoldedItem item, VariantCollector collector, Func<string, bool>? wholeTextReadings)
    {
        var whole = wholeTextReadings is null || wholeTextReadings(item.Canonical);
        if (whole && collector.CanFit(item.Canonical.Length))
        {
            collector.TryAdd(WholeTextTransforms.Rot13(item.Canonical));
        }

        collector.TryAdd(item.Alternate);
        collector.TryAdd(item.Literal);
        if (whole && collector.CanFit(item.Canonical.Length))
        {
            collector.TryAdd(WholeTextTransforms.Reverse(item.Canonical));
        }
    }
}
