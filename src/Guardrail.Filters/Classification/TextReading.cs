namespace Guardrail.Filters.Classification;

/// <summary>
/// What screening one text contributed to a screen when none of its readings escalated: the lexical scores of its
/// readings combined by maximum (every category of the lexicon, in the lexicon's order, as each reading reported them),
/// their highest score, the text's topic and intent flags as the screen sets them, and the text's canonical form.
/// Immutable: one instance serves every screen that meets the same text again (<see cref="TextReadingCache"/>).
/// </summary>
internal sealed class TextReading(CategoryScores scores, double max, bool topic, bool intent, string canonical)
{
    /// <summary>The readings' lexical scores combined by maximum; never raised after construction.</summary>
    public CategoryScores Scores { get; } = scores;

    /// <summary>The highest score of any reading.</summary>
    public double Max { get; } = max;

    /// <summary>
    /// What the screen records as the text's topic flag: any reading carried CBRN vocabulary or scored above 0 (a quiet
    /// anchor), the value each reading ORs into it.
    /// </summary>
    public bool Topic { get; } = topic;

    /// <summary>Whether any reading held an intent term.</summary>
    public bool Intent { get; } = intent;

    /// <summary>The text's canonical (normalised) form.</summary>
    public string Canonical { get; } = canonical;
}
