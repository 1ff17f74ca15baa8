using System.Runtime.InteropServices;

namespace Guardrail.Filters.Classification;

/// <summary>
/// One node of the word trie behind <see cref="LexiconPhraseTable"/>: children by exact next word (span-keyed
/// lookup, no allocation), children by word prefix for <c>*</c> terms, and the phrase that ends here, if any.
/// </summary>
internal sealed class LexiconTrieNode
{
    private Dictionary<string, LexiconTrieNode>? _children;
    private Dictionary<string, LexiconTrieNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private List<LexiconPrefixGroup>? _prefixGroups;
    private UInt128 _prefixFirstChars;
    private List<(string Suffix, LexiconTrieNode Node)>? _suffixChildren;
    private ulong _suffixLastLetters;

    /// <summary>The phrase whose last word leads here.</summary>
    public LexiconPhrase? Terminal { get; private set; }

    /// <summary>Adds <paramref name="phrase"/> below this node (the root); the first phrase for a path wins.</summary>
    public void Add(LexiconPhrase phrase)
    {
        var node = this;
        foreach (var word in phrase.Words)
        {
            node = word.EndsWith('*') ? node.PrefixChild(word[..^1])
                : word.StartsWith('*') ? node.SuffixChild(word[1..])
                : node.Child(word);
        }

        node.Terminal ??= phrase;
    }

    /// <summary>The child reached by <paramref name="word"/> exactly, or null.</summary>
    public LexiconTrieNode? Next(ReadOnlySpan<char> word)
        => _children is not null && _lookup.TryGetValue(word, out var child) ? child : null;

    /// <summary>Children reached by any word that starts with their prefix (<c>prefix*</c> terms), grouped by length.</summary>
    /// <remarks>A span, so that walking it on every word allocates no enumerator.</remarks>
    public ReadOnlySpan<LexiconPrefixGroup> PrefixGroups => CollectionsMarshal.AsSpan(_prefixGroups);

    /// <summary>
    /// Whether some prefix child could match a word starting with <paramref name="first"/>: a one-bit test per word
    /// (by the character's low 7 bits, which keep Latin lower case apart from Cyrillic, Greek and Arabic), so most
    /// words skip the prefix lookups altogether.
    /// </summary>
    public bool MayStartWithPrefix(char first) => (_prefixFirstChars & CharBit(first)) != UInt128.Zero;

    private static UInt128 CharBit(char c) => UInt128.One << (c & 127);

    /// <summary>Children reached by any longer word that ends with their suffix (only <c>*suffix</c> terms).</summary>
    public ReadOnlySpan<(string Suffix, LexiconTrieNode Node)> SuffixChildren => CollectionsMarshal.AsSpan(_suffixChildren);

    /// <summary>
    /// Whether some suffix child could match a word ending in <paramref name="last"/>: a one-bit test per word, so
    /// the suffix list is walked only for words that end like one of its suffixes.
    /// </summary>
    public bool MayEndWithSuffix(char last) => (_suffixLastLetters & LetterBit(last)) != 0;

    private static ulong LetterBit(char c) => 1UL << (c & 63);

    private LexiconTrieNode PrefixChild(string prefix)
    {
        _prefixFirstChars |= CharBit(prefix[0]);
        _prefixGroups ??= [];
        var group = _prefixGroups.Find(g => g.Length == prefix.Length);
        if (group is null)
        {
            group = new LexiconPrefixGroup(prefix.Length);
            _prefixGroups.Add(group);
        }

        return group.GetOrAdd(prefix);
    }

    private LexiconTrieNode SuffixChild(string suffix)
    {
        _suffixLastLetters |= LetterBit(suffix[^1]);
        return Affix(ref _suffixChildren, suffix);
    }

    private LexiconTrieNode Child(string word)
    {
        if (_children is null)
        {
            _children = new Dictionary<string, LexiconTrieNode>(StringComparer.Ordinal);
            _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        if (!_children.TryGetValue(word, out var child))
        {
            child = new LexiconTrieNode();
            _children[word] = child;
        }

        return child;
    }

    private static LexiconTrieNode Affix(ref List<(string Affix, LexiconTrieNode Node)>? children, string affix)
    {
        children ??= [];
        foreach (var (a, node) in children)
        {
            if (string.Equals(a, affix, StringComparison.Ordinal))
            {
                return node;
            }
        }

        var child = new LexiconTrieNode();
        children.Add((affix, child));
        return child;
    }
}
