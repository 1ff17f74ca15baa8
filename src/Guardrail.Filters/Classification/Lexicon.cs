namespace Guardrail.Filters.Classification;

/// <summary>
/// A compiled, validated lexicon: the categories it scores, its scoring parameters, the consuming phrase table
/// (anchors, intents, framing, benign cues, amplifiers, neutral phrases) and the marker table (imperatives, fillers,
/// negators, breakers, contexts). Built only by <see cref="LexiconLoader"/>; immutable and thread-safe.
/// </summary>
internal sealed class Lexicon
{
    internal Lexicon(
        IReadOnlyList<string> categories,
        IReadOnlyList<string> intentClasses,
        IReadOnlyList<string> contexts,
        LexiconScoring scoring,
        LexiconPhraseTable phrases,
        LexiconPhraseTable markers,
        LexiconEvents events,
        LexiconGroup?[]? impliedAnchors = null)
    {
        Categories = categories;
        IntentClasses = intentClasses;
        Contexts = contexts;
        Scoring = scoring;
        Phrases = phrases;
        Markers = markers;
        Events = events;
        ImpliedAnchors = impliedAnchors;
        Typos = new LexiconTypos(phrases.All);
        HiddenAnchors = new HiddenAnchorIndex(phrases.All.Where(p => p.Group is { Kind: LexiconTermKind.Anchor } || ImpliedBy(p.Group) is not null));
    }

    /// <summary>Policy categories this lexicon scores, e.g. <c>cbrn.chemical</c>.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Intent class names in file order (production, acquisition, ...).</summary>
    public IReadOnlyList<string> IntentClasses { get; }

    /// <summary>Context set names in file order.</summary>
    public IReadOnlyList<string> Contexts { get; }

    /// <summary>Scoring parameters.</summary>
    public LexiconScoring Scoring { get; }

    /// <summary>Consuming phrases, matched longest first.</summary>
    internal LexiconPhraseTable Phrases { get; }

    /// <summary>Marker phrases, all matched.</summary>
    internal LexiconPhraseTable Markers { get; }

    /// <summary>Named attacks, programmes and people, and the agent each is known for (conversation readings only).</summary>
    internal LexiconEvents Events { get; }

    /// <summary>
    /// The anchor group each intent class implies (by class index; null where none), or null when no class does: a text
    /// without an anchor whose intent is one of these phrases ("make it more transmissible") is read as naming one.
    /// </summary>
    internal IReadOnlyList<LexiconGroup?>? ImpliedAnchors { get; }

    /// <summary>Misspellings of the strong one-word anchors, read where a text asks for something and names no anchor.</summary>
    internal LexiconTypos Typos { get; }

    /// <summary>The anchor group <paramref name="group"/> (an intent class) implies, or null.</summary>
    internal LexiconGroup? ImpliedBy(LexiconGroup? group) =>
        ImpliedAnchors is { } implied && group is { Kind: LexiconTermKind.Intent } && group.Index < implied.Count ? implied[group.Index] : null;

    /// <summary>Whether a text's rot13 or reversed reading could hold an anchor (else the reading cannot change a verdict).</summary>
    internal HiddenAnchorIndex HiddenAnchors { get; }
}
