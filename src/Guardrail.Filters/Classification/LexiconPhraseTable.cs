namespace Guardrail.Filters.Classification;

/// <summary>
/// Phrases in a word trie: matching at a token walks one span-keyed dictionary lookup per word and stops at the first
/// word that no phrase continues with, so a word that starts no phrase costs one lookup and nothing is allocated.
/// Words ending with <c>*</c> match by prefix, words starting with <c>*</c> match any longer word with that suffix. Built once at load; immutable and thread-safe afterwards.
/// </summary>
internal sealed class LexiconPhraseTable
{
    /// <summary>Letters a prefix word must have before its <c>*</c>.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>Letters a suffix word must have after its leading <c>*</c>.</summary>
    public const int MinSuffixLength = 4;

    private readonly LexiconTrieNode _root = new();
    private readonly List<LexiconPhrase> _all = [];

    public LexiconPhraseTable(IEnumerable<LexiconPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        foreach (var phrase in phrases)
        {
            _root.Add(phrase);
            _all.Add(phrase);
            Count++;
        }
    }

    /// <summary>Number of phrases in the table.</summary>
    public int Count { get; }

    /// <summary>Every phrase, in the order added (for indexes built from the table once, at load).</summary>
    public IReadOnlyList<LexiconPhrase> All => _all;

    /// <summary>The longest phrase that matches at token <paramref name="start"/> within its sentence, or null.</summary>
    public LexiconPhrase? Longest(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start)
    {
        LexiconPhrase? best = null;
        Walk(_root, text, tokens, start, 0, 0, ref best, marks: default);
        return best ?? WithoutClitics(text, tokens, start, marks: default);
    }

    /// <summary>ORs the markers of every phrase matching at <paramref name="start"/> into the words it covers.</summary>
    public void MarkAt(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, Span<ulong> marks)
    {
        LexiconPhrase? best = null;
        Walk(_root, text, tokens, start, 0, 0, ref best, marks);
        if (best is null)
        {
            WithoutClitics(text, tokens, start, marks);
        }
    }

    /// <summary>
    /// An Arabic or Hebrew word that matches nothing as written is read again without the conjunction, preposition or
    /// article glued to its front ("والسارين", "לייצור"; <see cref="LexiconMorphology.CliticLength"/>): the shortest
    /// such reading that matches wins.
    /// </summary>
    private LexiconPhrase? WithoutClitics(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, Span<ulong> marks)
    {
        var token = tokens[start];
        if (token.Length < 4 || text[token.Start] < '\u0590' || text[token.Start] > '\u06FF')
        {
            return null;
        }

        var clitics = LexiconMorphology.CliticLength(text.Slice(token.Start, token.Length), MaxClitics);
        LexiconPhrase? best = null;
        for (var skip = 1; skip <= clitics && best is null; skip++)
        {
            Walk(_root, text, tokens, start, 0, skip, ref best, marks);
        }

        return best;
    }

    /// <summary>Most clitic letters read off a word's front ("وبال" is three).</summary>
    private const int MaxClitics = 3;

    private static void Walk(LexiconTrieNode node, ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, int depth, int skip, ref LexiconPhrase? best, Span<ulong> marks)
    {
        if (node.Terminal is { } phrase)
        {
            if (best is null || phrase.Length > best.Length)
            {
                best = phrase;
            }

            if (!marks.IsEmpty)
            {
                for (var w = 0; w < depth; w++)
                {
                    marks[start + w] |= phrase.Markers;
                }
            }
        }

        var index = start + depth;
        if (index >= tokens.Length || tokens[index].Sentence != tokens[start].Sentence)
        {
            return;
        }

        var token = tokens[index];
        var word = depth == 0 ? text.Slice(token.Start + skip, token.Length - skip) : text.Slice(token.Start, token.Length);
        if (node.Next(word) is { } child)
        {
            Walk(child, text, tokens, start, depth + 1, 0, ref best, marks);
        }

        foreach (var group in word.IsEmpty || !node.MayStartWithPrefix(word[0]) ? [] : node.PrefixGroups)
        {
            if (group.Match(word) is { } prefixChild)
            {
                Walk(prefixChild, text, tokens, start, depth + 1, 0, ref best, marks);
            }
        }

        if (word.IsEmpty || !node.MayEndWithSuffix(word[^1]))
        {
            return;
        }

        foreach (var (suffix, suffixChild) in node.SuffixChildrenEndingWith(word[^1]))
        {
            // Strictly longer: the bare suffix ("virus") is a word of its own, listed (or not) by itself.
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                Walk(suffixChild, text, tokens, start, depth + 1, 0, ref best, marks);
            }
        }
    }
}
