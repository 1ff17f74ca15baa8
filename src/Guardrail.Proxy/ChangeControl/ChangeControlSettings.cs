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
}
