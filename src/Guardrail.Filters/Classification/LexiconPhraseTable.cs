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
        Walk(_root, text, tokens, start, 0, ref best, marks: default);
        return best;
    }

    /// <summary>ORs the markers of every phrase matching at <paramref name="start"/> into the words it covers.</summary>
    public void MarkAt(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, Span<ulong> marks)
    {
        LexiconPhrase? best = null;
        Walk(_root, text, tokens, start, 0, ref best, marks);
    }

    private static void Walk(LexiconTrieNode node, ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start, int depth, ref LexiconPhrase? best, Span<ulong> marks)
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
        var word = text.Slice(token.Start, token.Length);
        if (node.Next(word) is { } child)
        {
            Walk(child, text, tokens, start, depth + 1, ref best, marks);
        }

        foreach (var group in word.IsEmpty || !node.MayStartWithPrefix(word[0]) ? [] : node.PrefixGroups)
        {
            if (group.Match(word) is { } prefixChild)
            {
                Walk(prefixChild, text, tokens, start, depth + 1, ref best, marks);
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
                Walk(suffixChild, text, tokens, start, depth + 1, ref best, marks);
            }
        }
    }
}
