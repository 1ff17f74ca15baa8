namespace Guardrail.Filters.Classification;

/// <summary>
/// Word affixes of <see cref="HiddenAnchorIndex"/> as a character trie: a word is tested by walking it from its start
/// or, for an instance made <c>fromEnd</c>, from its end until the trie has no branch for its next
/// character, which for ordinary words is after one to three characters.
/// </summary>
/// <remarks>
/// It replaced one hash lookup per distinct affix length and direction, each hashing a slice of the word, which was
/// most of the cost of the hidden-anchor test on benign text. An instance
/// holds prefixes or (made <c>fromEnd</c>, stored reversed) suffixes, never both.
/// </remarks>
internal sealed class Affixes(bool fromEnd)
{
    private readonly Node _root = new();

    /// <summary>Adds an affix; <paramref name="strictlyLonger"/>: it matches only words longer than itself.</summary>
    public void Add(string affix, bool strictlyLonger)
    {
        ArgumentNullException.ThrowIfNull(affix);
        if (affix.Length == 0)
        {
            return;
        }

        var node = _root;
        for (var i = 0; i < affix.Length; i++)
        {
            node = node.GetOrAdd(affix[fromEnd ? affix.Length - 1 - i : i]);
        }

        node.Mark(strictlyLonger);
    }

    /// <summary>
    /// True when <paramref name="word"/> starts (or, for an instance made <c>fromEnd</c>, ends) with an added affix,
    /// and is longer than it when the affix was added strictly longer.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> word)
    {
        var node = _root;
        for (var i = 0; i < word.Length; i++)
        {
            node = node.Child(word[fromEnd ? word.Length - 1 - i : i]);
            if (node is null)
            {
                return false;
            }

            if (node.Matches(i + 1, word.Length))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Node
    {
        /// <summary>Branches beyond which a node also gets a table for the ASCII characters.</summary>
        private const int WideNode = 4;

        private const int AsciiTableSize = 128;

        // Most nodes have one or two branches: a short array searched in order beats a dictionary per node.
        private char[] _keys = [];
        private Node[] _children = [];
        private Node?[]? _ascii;
        private bool _any;
        private bool _strict;

        public Node? Child(char c)
        {
            // The first characters of the affixes branch widely (a root of dozens): there a table indexed by the
            // character answers an ASCII letter at once; other characters, and narrow nodes, search the keys.
            if (_ascii is { } table && c < AsciiTableSize)
            {
                return table[c];
            }

            var keys = _keys;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] == c)
                {
                    return _children[i];
                }
            }

            return null;
        }

        public Node GetOrAdd(char c)
        {
            if (Child(c) is { } existing)
            {
                return existing;
            }

            var node = new Node();
            _keys = [.. _keys, c];
            _children = [.. _children, node];
            if (_keys.Length > WideNode)
            {
                var table = new Node?[AsciiTableSize];
                for (var i = 0; i < _keys.Length; i++)
                {
                    if (_keys[i] < AsciiTableSize)
                    {
                        table[_keys[i]] = _children[i];
                    }
                }

                _ascii = table;
            }

            return node;
        }

        public void Mark(bool strictlyLonger)
        {
            if (strictlyLonger)
            {
                _strict = true;
            }
            else
            {
                _any = true;
            }
        }

        /// <summary>An affix of <paramref name="depth"/> characters ends here and fits a word of <paramref name="wordLength"/>.</summary>
        public bool Matches(int depth, int wordLength) => _any || (_strict && wordLength > depth);
    }
}
