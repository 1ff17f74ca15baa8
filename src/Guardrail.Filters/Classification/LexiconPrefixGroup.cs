namespace Guardrail.Filters.Classification;

/// <summary>
/// The <c>prefix*</c> children of one trie node whose prefixes have one length: a word is tested against all of them
/// with a single span-keyed lookup of its first <see cref="Length"/> characters, so hundreds of prefix terms (stems
/// of inflected languages) cost one lookup per distinct length instead of one comparison each.
/// </summary>
internal sealed class LexiconPrefixGroup
{
    private readonly Dictionary<string, LexiconTrieNode> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LexiconTrieNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Prefixes from which on a lookup first asks a <see cref="WordFilter"/>.</summary>
    private const int FilteredPrefixes = 8;

    // At the root a word is looked up in every group its length reaches (a dozen lengths): the filter's "no" (never
    // wrong) is a bit test instead of hashing the word's first letters.
    private WordFilter? _filter;

    // The first characters of the group's prefixes (by their low seven bits): a dozen groups are asked per word.
    private CharSet128 _firstChars;

    public LexiconPrefixGroup(int length)
    {
        Length = length;
        _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Length of every prefix in the group.</summary>
    public int Length { get; }

    /// <summary>The child for <paramref name="prefix"/> (of <see cref="Length"/> characters), created on first use.</summary>
    public LexiconTrieNode GetOrAdd(string prefix)
    {
        if (!_children.TryGetValue(prefix, out var child))
        {
            _firstChars.Add(prefix[0]);
            child = new LexiconTrieNode();
            _children[prefix] = child;
            if (_filter is not null)
            {
                _filter.Add(prefix);
            }
            else if (_children.Count >= FilteredPrefixes)
            {
                _filter = new WordFilter();
                foreach (var key in _children.Keys)
                {
                    _filter.Add(key);
                }
            }
        }

        return child;
    }

    /// <summary>The child whose prefix starts <paramref name="word"/>, or null.</summary>
    public LexiconTrieNode? Match(ReadOnlySpan<char> word)
        => word.Length >= Length && _firstChars.MayContain(word[0]) && (_filter is null || _filter.MayContain(word[..Length])) && _lookup.TryGetValue(word[..Length], out var child) ? child : null;
}
