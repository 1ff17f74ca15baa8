namespace Guardrail.Filters.Classification;

/// <summary>
/// Bits of the per-word marker mask. Markers do not consume words: a word can be a negator and part of an intent
/// phrase at once, and the scorer decides which reading counts.
/// </summary>
internal static class LexiconMarkers
{
    /// <summary>A verb that makes a sentence a request when it opens the sentence ("give", "explain").</summary>
    public const ulong Imperative = 1UL << 0;

    /// <summary>A word skipped when looking for the opening verb ("please", "now").</summary>
    public const ulong Filler = 1UL << 1;

    /// <summary>A word that turns a following intent into its opposite ("prevent the spread").</summary>
    public const ulong Negator = 1UL << 2;

    /// <summary>A word that shows a preceding verb has another object ("make a list of", "vaccine against").</summary>
    public const ulong Breaker = 1UL << 3;

    /// <summary>A word that makes a sentence a question about something when it opens the sentence ("is", "which").</summary>
    public const ulong Question = 1UL << 4;

    /// <summary>A word that refers back to something named before ("it", "one", "those"): a follow-up request's object.</summary>
    public const ulong Referent = 1UL << 5;

    /// <summary>A word naming who would act ("I", "someone", "on"): a follow-up question that has one asks for a deed.</summary>
    public const ulong Actor = 1UL << 6;

    /// <summary>
    /// A referent that owns the noun after it ("its synthesis", "their production"): before an intent noun it is that
    /// intent's object.
    /// </summary>
    public const ulong Possessive = 1UL << 7;

    /// <summary>
    /// A preposition naming what a deed is done with ("from", "out of"): "build a device from it" makes the referent
    /// the material of the intent before it.
    /// </summary>
    public const ulong Source = 1UL << 8;

    /// <summary>
    /// Words by which a writer says they want to repeat a deed just described ("I want to do the same"): a past-tense
    /// or descriptive question followed by one asks for that deed.
    /// </summary>
    public const ulong Replica = 1UL << 9;

    /// <summary>Bit of the first named context set; set <c>i</c> uses <c>ContextBase &lt;&lt; i</c>.</summary>
    public const ulong ContextBase = 1UL << 10;

    /// <summary>Number of context sets a lexicon may define.</summary>
    public const int MaxContexts = 54;
}
