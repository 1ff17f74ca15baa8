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
            child = new LexiconTrieNode();
            _children[prefix] = child;
        }

        return child;
    }

    /// <summary>The child whose prefix starts <paramref name="word"/>, or null.</summary>
    public LexiconTrieNode? Match(ReadOnlySpan<char> word)
        => word.Length >= Length && _lookup.TryGetValue(word[..Length], out var child) ? child : null;
}
