namespace Guardrail.Filters.Classification;

/// <summary>The role a lexicon phrase plays in scoring. Phrases of these kinds consume the words they cover.</summary>
internal enum LexiconTermKind
{
    /// <summary>A CBRN agent, material, weapon or target; the only kind that produces a score.</summary>
    Anchor,

    /// <summary>An uplift intent (production, acquisition, enhancement, ...) that multiplies a nearby anchor.</summary>
    Intent,

    /// <summary>A cue that the sentence asks for instructions ("how to", "step by step").</summary>
    Request,

    /// <summary>A cue that the sentence asks about something ("what is", "why").</summary>
    Descriptive,

    /// <summary>A topic cue that makes a benign reading likely (history, treatment, safety, treaties).</summary>
    Benign,

    /// <summary>A cue that adds to the score of an anchor that already has an intent (mass casualties, at home).</summary>
    Amplifier,

    /// <summary>A phrase that only hides its words from every other kind ("computer virus", "nuclear family").</summary>
    Neutral,
}
