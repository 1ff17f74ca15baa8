namespace Guardrail.Filters.Classification;

/// <summary>
/// One compiled lexicon term: a sequence of words, each matched exactly or, when it ends with <c>*</c>, as a prefix.
/// Consuming phrases carry a <see cref="Group"/>; marker phrases carry <see cref="Markers"/> bits instead.
/// </summary>
internal sealed class LexiconPhrase(string text, string[] words, LexiconGroup? group, ulong markers)
{
    /// <summary>The words joined by single spaces, as reported in explanations.</summary>
    public string Text { get; } = text;

    /// <summary>The words; a word ending with <c>*</c> matches any word that starts with the rest.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The group of a consuming phrase, or null for a marker phrase.</summary>
    public LexiconGroup? Group { get; } = group;

    /// <summary>Marker bits set on every word a marker phrase covers.</summary>
    public ulong Markers { get; } = markers;

    private readonly string[] _words = words;

    /// <summary>Number of words.</summary>
    public int Length => _words.Length;

    /// <summary>Whether the phrase matches the tokens starting at <paramref name="start"/>, all in one sentence.</summary>
    public bool Matches(ReadOnlySpan<char> text, ReadOnlySpan<LexicalToken> tokens, int start)
    {
        if (start + _words.Length > tokens.Length)
        {
            return false;
        }

        var sentence = tokens[start].Sentence;
        for (var w = 0; w < _words.Length; w++)
        {
            var token = tokens[start + w];
            if (token.Sentence != sentence || !WordMatches(_words[w], text.Slice(token.Start, token.Length)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool WordMatches(string word, ReadOnlySpan<char> token)
    {
        if (word.EndsWith('*'))
        {
            var prefix = word.AsSpan(0, word.Length - 1);
            return token.StartsWith(prefix, StringComparison.Ordinal);
        }

        return token.SequenceEqual(word);
    }
}
