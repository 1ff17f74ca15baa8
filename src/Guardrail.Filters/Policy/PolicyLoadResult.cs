namespace Guardrail.Filters.Policy;

/// <summary>
/// Outcome of loading one policy file: the policy when the file is valid, otherwise every located error found.
/// </summary>
/// <param name="Policy">The validated policy, or null when <paramref name="Errors"/> is non-empty.</param>
/// <param name="Errors">Every error in the policy file and in the lexicon it references; empty on success.</param>
internal sealed record PolicyLoadResult(GuardPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    /// <summary>
    /// Full path of the lexicon file the policy references, when the policy got far enough to name one (even if
    /// the lexicon itself is invalid), so the store can watch it and reload when it is fixed.
    /// </summary>
    public string? LexiconPath { get; init; }

    /// <summary>Full paths of the head, model and vocabulary files the policy's model tiers were read from.</summary>
    public IReadOnlyList<string> ModelFiles { get; init; } = [];

    public bool Succeeded => Policy is not null;
}
