using System.Buffers;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Says, from a text's own words, whether its rot13 or reversed reading could contain an anchor of the lexicon. Only
/// anchors produce a lexical score or the vocabulary signal that escalates a text, so a reading without one adds
/// nothing to the verdict: the screen then skips building and scoring it (two of every three readings of ordinary text).
/// </summary>
/// <remarks>
/// Exact, not a heuristic: rot13 maps letters one to one and reversal reverses each word (and their order), while the
/// tokenizer splits a reading at the same places as the original. So a reading can hold an anchor only if one word of
/// the original, rot13'd or reversed, matches the first word of an anchor phrase the way the phrase table matches it
/// (exactly, by <c>prefix*</c> or by <c>*suffix</c>). The index holds those first words already transformed; a test is
/// a few span-keyed lookups per word, no allocation. Built once per lexicon; immutable and thread-safe.
/// </remarks>
internal sealed class HiddenAnchorIndex
{
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;
    private readonly HashSet<string> _pairs = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _pairLookup;

    // In front of the two sets: most words of a text are neither an indexed word nor the first word of a pair.
    private readonly WordFilter _wordFilter = new();
    private readonly WordFilter _pairFirstFilter = new();

    /// <summary>Longest pair key looked up without allocating; a longer one is taken as a possible anchor.</summary>
    private const int MaxPairKey = 96;

    private const char PairSeparator = '\u0001';

    // A reading's word starting with p ("weaponi*") is an original word starting with rot13(p) or ending with reverse(p).
    private readonly Affixes _starts = new(fromEnd: false);
    private readonly Affixes _ends = new(fromEnd: true);

    public HiddenAnchorIndex(IEnumerable<LexiconPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _pairLookup = _pairs.GetAlternateLookup<ReadOnlySpan<char>>();
        MayHideAnchorTest = MayHideAnchor;
        foreach (var phrase in phrases)
        {
            if (phrase.Group is not { Kind: LexiconTermKind.Anchor } || phrase.Length == 0)
            {
                continue;
            }

            var first = phrase.Words[0];
            if (first.EndsWith('*'))
            {
                var prefix = first[..^1];
                _starts.Add(Rot13(prefix), strictlyLonger: false);
                _ends.Add(Reverse(prefix), strictlyLonger: false);
            }
            else if (first.StartsWith('*'))
            {
                // "*virus" matches strictly longer words ending with "virus".
                var suffix = first[1..];
                _ends.Add(Rot13(suffix), strictlyLonger: true);
                _starts.Add(Reverse(suffix), strictlyLonger: true);
            }
            else if (phrase.Words.Count > 1 && phrase.Words[1] is var second && !second.Contains('*', StringComparison.Ordinal))
            {
                // First words of phrases are often everywhere once reversed or rot13'd ("e coli", "b anthracis",
                // "dna fragments", "level 4 lab" give "a", "and", "level"): a phrase of two exact words or more is
                // indexed by its first two, as a reading would show them in the original text (rot13: same order;
                // reversal: both words reversed and swapped).
                _pairs.Add(PairKey(Rot13(first), Rot13(second)));
                _pairs.Add(PairKey(Reverse(second), Reverse(first)));
                _pairFirstFilter.Add(Rot13(first));
                _pairFirstFilter.Add(Reverse(second));
            }
            else
            {
                _words.Add(Rot13(first));
                _words.Add(Reverse(first));
                _wordFilter.Add(Rot13(first));
                _wordFilter.Add(Reverse(first));
            }
        }
    }

    /// <summary><see cref="MayHideAnchor"/> as one cached delegate, so a screen allocates none per text.</summary>
    public Func<string, bool> MayHideAnchorTest { get; }

    /// <summary>True when some word of <paramref name="canonical"/>, read rot13'd or reversed, could start an anchor phrase.</summary>
    public bool MayHideAnchor(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        if (canonical.Length == 0)
        {
            return false;
        }

        var rented = ArrayPool<LexicalToken>.Shared.Rent(LexicalTokenizer.MaxTokens(canonical.Length));
        try
        {
            var text = canonical.AsSpan();
            var count = LexicalTokenizer.Tokenize(canonical, rented);
            for (var i = 0; i < count; i++)
            {
                var word = text.Slice(rented[i].Start, rented[i].Length);
                if (HasCombiningMark(word) || (_wordFilter.MayContain(word) && _wordLookup.Contains(word)) || _starts.Matches(word) || _ends.Matches(word))
                {
                    return true;
                }

                if (i + 1 < count && _pairFirstFilter.MayContain(word))
                {
                    var next = text.Slice(rented[i + 1].Start, rented[i + 1].Length);
                    if (HasPair(word, next))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<LexicalToken>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A word with a combining mark (Thai, Indic vowel signs) is tokenised differently once reversed: the mark moves in
    /// front of its letter, so the word-for-word reasoning above does not hold and the readings are built as before.
    /// </summary>
    private static bool HasCombiningMark(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (LexicalScripts.IsMark(c))
            {
                return true;
            }
        }

        return false;
    }

    // The same letter mapping as the normaliser's rot13 reading (which returns null for a word without letters to map).
    private bool HasPair(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var length = first.Length + 1 + second.Length;
        if (length > MaxPairKey)
        {
            return true;
        }

        Span<char> key = stackalloc char[MaxPairKey];
        first.CopyTo(key);
        key[first.Length] = PairSeparator;
        second.CopyTo(key[(first.Length + 1)..]);
        return _pairLookup.Contains(key[..length]);
    }

    private static string PairKey(string first, string second) => string.Concat(first, PairSeparator.ToString(), second);

    private static string Rot13(string word) => Normalization.WholeTextTransforms.Rot13(word) ?? word;

    // Lexicon words are letters and digits after folding, so reversing code units is enough: a surrogate pair is not
    // a letter the tokenizer keeps, and the normaliser's reversal keeps pairs intact anyway.
    private static string Reverse(string word)
    {
        var chars = word.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
