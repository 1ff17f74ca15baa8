namespace Guardrail.Filters.ChangeControl;

/// <summary>What the bundle gate needs: where bundles land, which keys it trusts, how many must sign.</summary>
internal sealed record ChangeControlOptions
{
    /// <summary>The policy directory operators deploy bundles into (watched).</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The trusted-keys file (outside the bundle: a bundle cannot vouch for itself).</summary>
    public required string TrustedKeysPath { get; init; }

    /// <summary>Distinct trusted signers a bundle needs.</summary>
    public int RequiredSignatures { get; init; } = 2;

    /// <summary>How often the source directory and the trusted-keys file are re-read (watchers catch most edits sooner).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
