namespace Guardrail.Filters.Classification;

/// <summary>
/// Phrases indexed by their first word: an exact dictionary, plus a dictionary keyed by the first three letters for
/// phrases that open with a prefix word (<c>synthes*</c>). Lookups use span keys, so matching allocates nothing.
/// Candidates are ordered longest first. Immutable and thread-safe after construction.
/// </summary>
internal sealed class LexiconPhraseTable
{
    /// <summary>Letters a prefix word must have before its <c>*</c>; also the length of the prefix index key.</summary>
    public const int MinPrefixLength = 3;

    private readonly Dictionary<string, LexiconPhrase[]> _exact;
    private readonly Dictionary<string, LexiconPhrase[]> _prefix;
    private readonly Dictionary<string, LexiconPhrase[]>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly Dictionary<string, LexiconPhrase[]>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;

    public LexiconPhraseTable(IEnumerable<LexiconPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var exact = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        var prefix = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            var first = phrase.Words[0];
            var (map, key) = first.EndsWith('*') ? (prefix, first[..MinPrefixLength]) : (exact, first);
            if (!map.TryGetValue(key, out var list))
            {
                list = [];
                map[key] = list;
            }

            list.Add(phrase);
            Count++;
        }

        _exact = Freeze(exact);
        _prefix = Freeze(prefix);
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLookup = _prefix.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of phrases in the table.</summary>
    public int Count { get; }

    /// <summary>The longest phrase that matches at token <paramref name="start"/>, or null.</summary>
    public LexiconPhrase? Longest(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start)
    {
        var token = tokens[start];
        var word = text.Slice(token.Start, token.Length);
        LexiconPhrase? best = null;
        if (_exactLookup.TryGetValue(word, out var candidates))
        {
            best = FirstMatch(candidates, text, tokens, start);
        }

        if (_prefix.Count > 0 && word.Length >= MinPrefixLength
            && _prefixLookup.TryGetValue(word[..MinPrefixLength], out var prefixed))
        {
            var other = FirstMatch(prefixed, text, tokens, start);
            if (other is not null && (best is null || other.Length > best.Length))
            {
                best = other;
            }
        }

        return best;
    }

    /// <summary>ORs the markers of every phrase matching at <paramref name="start"/> into the words it covers.</summary>
    public void MarkAt(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, Span<ulong> marks)
    {
        var token = tokens[start];
        var word = text.Slice(token.Start, token.Length);
        if (_exactLookup.TryGetValue(word, out var candidates))
        {
            MarkAll(candidates, text, tokens, start, marks);
        }

        if (_prefix.Count > 0 && word.Length >= MinPrefixLength
            && _prefixLookup.TryGetValue(word[..MinPrefixLength], out var prefixed))
        {
            MarkAll(prefixed, text, tokens, start, marks);
        }
    }

    private static LexiconPhrase? FirstMatch(LexiconPhrase[] candidates, ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start)
    {
        foreach (var phrase in candidates)
        {
            if (phrase.Matches(text, tokens, start))
            {
                return phrase;
            }
        }

        return null;
    }

    private static void MarkAll(LexiconPhrase[] candidates, ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, Span<ulong> marks)
    {
        foreach (var phrase in candidates)
        {
            if (phrase.Matches(text, tokens, start))
            {
                for (var w = 0; w < phrase.Length; w++)
                {
                    marks[start + w] |= phrase.Markers;
                }
            }
        }
    }

    private static Dictionary<string, LexiconPhrase[]> Freeze(Dictionary<string, List<LexiconPhrase>> source)
    {
        var frozen = new Dictionary<string, LexiconPhrase[]>(source.Count, StringComparer.Ordinal);
        foreach (var (key, list) in source)
        {
            // Longest first, so the first match is the longest; ties keep file order.
            frozen[key] = [.. list.OrderByDescending(p => p.Length)];
        }

        return frozen;
    }
}
