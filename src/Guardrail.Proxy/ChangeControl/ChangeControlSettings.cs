namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// The <c>Guardrail:ChangeControl</c> section. It lives in the host configuration, not the policy directory: a policy
/// file cannot decide whether policy files need signatures.
/// </summary>
internal sealed class ChangeControlSettings
{
    /// <summary>Trusted-keys file; setting it turns signed bundles on (policies apply only with the quorum).</summary>
    public string? TrustedKeys { get; init; }

    /// <summary>Distinct trusted signers a bundle needs.</summary>
    public int RequiredSignatures { get; init; } = 2;

    /// <summary>Audit trail (JSONL). Required with <see cref="TrustedKeys"/>: it also holds the rollback floor across restarts.</summary>
    public string? AuditLog { get; init; }

    /// <summary>The proxy's own private key for signed audit checkpoints; created on first start when missing.</summary>
    public string? AuditKey { get; init; }

    /// <summary>Size at which the audit file rotates (the chain continues).</summary>
    public long AuditMaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A signed checkpoint every this many audit records.</summary>
    public int AuditCheckpointEvery { get; init; } = 1000;

    /// <summary>Name of the configuration key or environment variable holding the admin bearer key; unset: no admin listener.</summary>
    public string? AdminKey { get; init; }

    /// <summary>The admin listener's address (a listener of its own, loopback by default).</summary>
    public string AdminUrls { get; init; } = "http://127.0.0.1:9901";

    /// <summary>
    /// A directory holding a candidate bundle to run as the shadow policy (signed like any bundle; needs
    /// <see cref="TrustedKeys"/>). Unset: no shadow.
    /// </summary>
    public string? ShadowDirectory { get; init; }

    /// <summary>Most <c>shadow.disagreement</c> samples written to the audit trail per minute (all are counted).</summary>
    public int ShadowSamplesPerMinute { get; init; } = 60;

    /// <summary>Seconds between <c>shadow.summary</c> audit records.</summary>
    public int ShadowSummarySeconds { get; init; } = 300;

    /// <summary>
    /// The operator's capture public key (<c>guardrail capture keygen</c> writes <c>KEY.pub</c>): set with
    /// <see cref="CaptureDirectory"/>, blocked text is stored encrypted to it. Unset (the default): no text is kept.
    /// </summary>
    public string? CaptureKey { get; init; }

    /// <summary>Where encrypted capture records go (one file per UTC day).</summary>
    public string? CaptureDirectory { get; init; }

    /// <summary>Days a capture record stays readable; older day files are deleted (at start and hourly).</summary>
    public int CaptureRetentionDays { get; init; } = 7;
}
