namespace Guardrail.Filters.Classification;

/// <summary>Views over the pooled per-call buffers of one classification: tokens, marker bits, cover kinds, matches.</summary>
internal readonly ref struct LexicalTextView(
    ReadOnlySpan<char> text,
    ReadOnlySpan<LexicalToken> tokens,
    ReadOnlySpan<ulong> marks,
    ReadOnlySpan<byte> cover,
    ReadOnlySpan<LexicalMatch> matches)
{
    /// <summary>The normalised text.</summary>
    public ReadOnlySpan<char> Text { get; } = text;

    /// <summary>Tokens of the text.</summary>
    public ReadOnlySpan<LexicalToken> Tokens { get; } = tokens;

    /// <summary>Marker bits per token (<see cref="LexiconMarkers"/>).</summary>
    public ReadOnlySpan<ulong> Marks { get; } = marks;

    /// <summary>Per token, 0 or 1 + the <see cref="LexiconTermKind"/> of the consuming phrase that covers it.</summary>
    public ReadOnlySpan<byte> Cover { get; } = cover;

    /// <summary>Consuming matches (neutral phrases excluded) in text order.</summary>
    public ReadOnlySpan<LexicalMatch> Matches { get; } = matches;

    /// <summary>The text a match covers, as written (for explanations; allocates).</summary>
    public string Surface(in LexicalMatch match)
    {
        var first = Tokens[match.Start];
        var last = Tokens[match.End - 1];
        return Text[first.Start..(last.Start + last.Length)].ToString();
    }
}
