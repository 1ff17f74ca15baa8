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
}
