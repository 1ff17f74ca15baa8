namespace Guardrail.Filters.Classification;

/// <summary>Numeric scoring parameters of a lexicon (the <c>scoring</c> section). Distances are in words.</summary>
internal sealed class LexiconScoring
{
    /// <summary>Words either side of an anchor in which intents, benign cues and amplifiers count.</summary>
    public int Window { get; init; } = 12;

    /// <summary>An intent further than this many words from its anchor is multiplied by <see cref="FarFactor"/>.</summary>
    public int Near { get; init; } = 6;

    /// <summary>Multiplier for a distant intent.</summary>
    public double FarFactor { get; init; } = 0.85;

    /// <summary>Words either side of an anchor in which request and descriptive framing cues count.</summary>
    public int Scope { get; init; } = 24;

    /// <summary>Words either side of an anchor searched for its <c>unless</c> contexts (crossing sentences).</summary>
    public int ContextReach { get; init; } = 24;

    /// <summary>Words before an intent (or before its anchor) in which a negator cancels it.</summary>
    public int NegatorReach { get; init; } = 3;

    /// <summary>Intent strength assumed for an anchor without any intent nearby (topic mention only).</summary>
    public double NoIntent { get; init; } = 0.25;

    /// <summary>Framing factor of a sentence that asks for instructions.</summary>
    public double Request { get; init; } = 1d;

    /// <summary>Framing factor of a sentence with neither request nor descriptive cues.</summary>
    public double Neutral { get; init; } = 0.85;

    /// <summary>Framing factor of a sentence that asks about something (what is, why, how does X work).</summary>
    public double Descriptive { get; init; } = 0.6;

    /// <summary>Upper bound of the summed amplifiers.</summary>
    public double AmplifierCap { get; init; } = 0.35;
}
