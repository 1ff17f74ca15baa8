namespace Guardrail.Filters.Classification;

/// <summary>
/// A named group of lexicon phrases sharing one role and one weight, e.g. the anchor group <c>nerve_agents</c> or
/// the intent class <c>production</c>. Immutable after load.
/// </summary>
internal sealed class LexiconGroup
{
    /// <summary>Group name as written in the lexicon file; reported in explanations.</summary>
    public required string Name { get; init; }

    /// <summary>Role of every phrase in the group.</summary>
    public required LexiconTermKind Kind { get; init; }

    /// <summary>Position among the groups of the same kind; intent classes and amplifiers use it as a bit index.</summary>
    public int Index { get; init; }

    /// <summary>Anchor strength, intent strength, benign factor or amplifier addend, in [0, 1].</summary>
    public double Weight { get; init; }

    /// <summary>Indexes into <see cref="Lexicon.Categories"/> that an anchor raises.</summary>
    public IReadOnlyList<int> Categories { get; init; } = [];

    /// <summary>Bit mask of intent class indexes an anchor accepts; 0 accepts every class.</summary>
    public int PairsWith { get; init; }

    /// <summary>Bit mask of intent class indexes an anchor never accepts ("get" with a disease is catching it).</summary>
    public int Excludes { get; init; }

    /// <summary>Benign factor used instead of <see cref="Weight"/> when the sentence explicitly asks for instructions.</summary>
    public double RequestWeight { get; init; } = 1d;

    /// <summary>Context marker bits that, near an anchor, mean the anchor is something else (a computer virus).</summary>
    public ulong Unless { get; init; }

    /// <summary>Multiplier for an intent that follows its anchor (the anchor is likely the subject, not the object).</summary>
    public double FollowsAnchor { get; init; } = 1d;

    /// <summary>Whether this intent class counts only for anchors that list it in <c>pairs_with</c> (sabotage: a reactor, not sarin).</summary>
    public bool OnlyWhenPaired { get; init; }

    /// <summary>Lowest anchor weight this intent class assumes ("weaponize bacteria" is as clear as "weaponize anthrax").</summary>
    public double AnchorFloor { get; init; }

    /// <summary>Whether benign topic cues leave this intent class at full strength (enhancement stays harmful in a lab).</summary>
    public bool IgnoresBenign { get; init; }

    /// <summary>
    /// Whether this anchor group's words alone are no CBRN vocabulary for the cascade: a text naming only such anchors
    /// reaches the models by its score, not on vocabulary (crop pathogens: the encoder reads every question about how
    /// one spreads as a threat).
    /// </summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// Whether this anchor group's one-word names are also read misspelled (<see cref="LexiconTypos"/>; lexicon field
    /// <c>typos</c>, true unless set false). Groups of other languages' names set it false: a foreign name less one
    /// letter is too often an English word (German "Longpest", plague, without its p is "longest").
    /// </summary>
    public bool Typos { get; init; } = true;
}
