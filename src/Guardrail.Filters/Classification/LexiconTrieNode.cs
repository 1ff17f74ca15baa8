using System.Runtime.InteropServices;

namespace Guardrail.Filters.Classification;

/// <summary>
/// One node of the word trie behind <see cref="LexiconPhraseTable"/>: children by exact next word (span-keyed
/// lookup, no allocation), children by word prefix for <c>*</c> terms, and the phrase that ends here, if any.
/// </summary>
internal sealed class LexiconTrieNode
{
    /// <summary>Children from which on a node's word lookup first asks a <see cref="WordFilter"/> (the root: thousands).</summary>
    private const int FilteredChildren = 32;

    private Dictionary<string, LexiconTrieNode>? _children;

    // In front of the dictionary of a wide node: most words of a text start no phrase, and the filter's "no" (never
    // wrong) costs a bit test instead of hashing the word.
    private WordFilter? _childFilter;
    private Dictionary<string, LexiconTrieNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private List<LexiconPrefixGroup>? _prefixGroups;
    private CharSet128 _prefixFirstChars;
    private List<(string Suffix, LexiconTrieNode Node)>? _suffixChildren;
    private ulong _suffixLastLetters;

    // The suffix children again, by their last character modulo 64: a word is compared only with the suffixes it
    // could end with (the root has dozens).
    private List<(string Suffix, LexiconTrieNode Node)>?[]? _suffixBuckets;

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
        => _children is not null && (_childFilter is null || _childFilter.MayContain(word)) && _lookup.TryGetValue(word, out var child) ? child : null;

    /// <summary>Children reached by any word that starts with their prefix (<c>prefix*</c> terms), grouped by length.</summary>
    /// <remarks>A span, so that walking it on every word allocates no enumerator.</remarks>
    public ReadOnlySpan<LexiconPrefixGroup> PrefixGroups => CollectionsMarshal.AsSpan(_prefixGroups);

    /// <summary>
    /// Whether some prefix child could match a word starting with <paramref name="first"/>: a one-bit test per word
    /// (by the character's low 7 bits, which keep Latin lower case apart from Cyrillic, Greek and Arabic), so most
    /// words skip the prefix lookups altogether.
    /// </summary>
    public bool MayStartWithPrefix(char first) => _prefixFirstChars.MayContain(first);

    /// <summary>Children reached by any longer word that ends with their suffix (only <c>*suffix</c> terms).</summary>
    public ReadOnlySpan<(string Suffix, LexiconTrieNode Node)> SuffixChildren => CollectionsMarshal.AsSpan(_suffixChildren);

    /// <summary>
    /// Whether some suffix child could match a word ending in <paramref name="last"/>: a one-bit test per word, so
    /// the suffix list is walked only for words that end like one of its suffixes.
    /// </summary>
    public bool MayEndWithSuffix(char last) => (_suffixLastLetters & LetterBit(last)) != 0;

    /// <summary>
    /// The suffix children whose last character could be <paramref name="last"/> (the same bucket of 64), in the order
    /// they were added: every other suffix cannot match a word ending with it, and the order of the rest is kept.
    /// </summary>
    public ReadOnlySpan<(string Suffix, LexiconTrieNode Node)> SuffixChildrenEndingWith(char last)
        => _suffixBuckets is { } buckets ? CollectionsMarshal.AsSpan(buckets[last & 63]) : default;

    private static ulong LetterBit(char c) => 1UL << (c & 63);

    private LexiconTrieNode PrefixChild(string prefix)
    {
        _prefixFirstChars.Add(prefix[0]);
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
        var before = _suffixChildren?.Count ?? 0;
        var child = Affix(ref _suffixChildren, suffix);
        if (_suffixChildren!.Count > before)
        {
            _suffixBuckets ??= new List<(string, LexiconTrieNode)>?[64];
            (_suffixBuckets[suffix[^1] & 63] ??= []).Add((suffix, child));
        }

        return child;
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
            if (_childFilter is not null)
            {
                _childFilter.Add(word);
            }
            else if (_children.Count >= FilteredChildren)
            {
                _childFilter = new WordFilter();
                foreach (var key in _children.Keys)
                {
                    _childFilter.Add(key);
                }
            }
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
