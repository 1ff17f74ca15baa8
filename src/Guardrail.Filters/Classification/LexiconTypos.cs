namespace Guardrail.Filters.Classification;

/// <summary>
/// Misspellings of the lexicon's strong one-word anchors ("anthrx", "botulnium", "smallpxo"): a letter dropped, one
/// added, or two neighbours swapped. Read only where a text asks for something (an intent term) and names no anchor, so
/// ordinary text never pays for it and a typo cannot turn a topic mention into more than the word itself would be.
/// </summary>
/// <remarks>
/// Only ASCII anchors of at least <see cref="MinLength"/> letters (swaps from <see cref="MinSwapLength"/>) and weight of
/// at least <see cref="MinWeight"/>: shorter words sit one edit from common ones ("plague" and "plaque" are one
/// substitution apart, which is why substitutions are not read at all). The rot13 and reversed readings are still built
/// only for texts whose words could hide a correctly spelled anchor (<see cref="HiddenAnchorIndex"/>): a misspelling
/// inside rot13 is not looked for.
/// </remarks>
internal sealed class LexiconTypos
{
    /// <summary>Fewest letters of an anchor whose dropped or added letter is read as a typo.</summary>
    public const int MinLength = 7;

    /// <summary>Fewest letters of an anchor whose swapped neighbours are read as a typo ("sairn").</summary>
    public const int MinSwapLength = 5;

    /// <summary>Lightest anchor read through a typo: named agents and weapons, not generic words.</summary>
    public const double MinWeight = 0.7;

    private readonly Dictionary<string, LexiconPhrase> _byVariant;
    private readonly Dictionary<string, LexiconPhrase>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, LexiconPhrase> _anchors;
    private readonly Dictionary<string, LexiconPhrase>.AlternateLookup<ReadOnlySpan<char>> _anchorLookup;

    /// <summary>The variants of every qualifying anchor among <paramref name="phrases"/>; a variant that is itself a term is left out.</summary>
    public LexiconTypos(IEnumerable<LexiconPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var all = phrases.ToList();
        var terms = new HashSet<string>(all.Where(p => p.Length == 1).Select(p => p.Words[0]), StringComparer.Ordinal);
        _byVariant = new Dictionary<string, LexiconPhrase>(StringComparer.Ordinal);
        _anchors = new Dictionary<string, LexiconPhrase>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in all)
        {
            if (phrase.Group is not { Kind: LexiconTermKind.Anchor } group || group.Weight < MinWeight || phrase.Length != 1 || !group.Typos
                || phrase.Words[0] is not { Length: >= MinSwapLength } word || !IsAsciiLetters(word))
            {
                continue;
            }

            _anchors[word] = phrase;
            foreach (var variant in Variants(word))
            {
                if (terms.Contains(variant) || ambiguous.Contains(variant))
                {
                    continue;
                }

                // A spelling two anchors share is nobody's typo.
                if (_byVariant.TryGetValue(variant, out var other) && other != phrase)
                {
                    _byVariant.Remove(variant);
                    ambiguous.Add(variant);
                    continue;
                }

                _byVariant[variant] = phrase;
            }
        }

        _lookup = _byVariant.GetAlternateLookup<ReadOnlySpan<char>>();
        _anchorLookup = _anchors.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of misspellings known.</summary>
    public int Count => _byVariant.Count;

    /// <summary>The anchor <paramref name="word"/> misspells (one dropped or swapped letter, or one letter too many), or null.</summary>
    public LexiconPhrase? Misspelled(ReadOnlySpan<char> word)
    {
        if (_byVariant.Count == 0 || word.Length < MinSwapLength - 1 || word.Length > 40 || !IsAsciiLetters(word))
        {
            return null;
        }

        if (_lookup.TryGetValue(word, out var phrase))
        {
            return phrase;
        }

        // One letter too many: the word without it is an anchor of MinLength or more.
        if (word.Length <= MinLength)
        {
            return null;
        }

        Span<char> shorter = stackalloc char[word.Length - 1];
        for (var i = 0; i < word.Length; i++)
        {
            word[..i].CopyTo(shorter);
            word[(i + 1)..].CopyTo(shorter[i..]);
            if (_anchorLookup.TryGetValue(shorter, out var anchor) && anchor.Words[0].Length >= MinLength)
            {
                return anchor;
            }
        }

        return null;
    }

    private static IEnumerable<string> Variants(string word)
    {
        if (word.Length >= MinLength)
        {
            for (var i = 0; i < word.Length; i++)
            {
                yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
            }
        }

        var chars = word.ToCharArray();
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (chars[i] == chars[i + 1])
            {
                continue;
            }

            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            yield return new string(chars);
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        }
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
