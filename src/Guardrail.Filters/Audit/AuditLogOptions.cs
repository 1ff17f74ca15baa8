namespace Guardrail.Filters.Audit;

/// <summary>Where the audit trail goes and how often it is signed.</summary>
internal sealed record AuditLogOptions
{
    /// <summary>The live JSONL file; rotated files sit beside it as <c>NAME.000001</c>, …</summary>
    public required string Path { get; init; }

    /// <summary>Size at which the live file is rotated (the chain continues in the next file).</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A signed checkpoint every this many records (and at start and stop).</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>The proxy's own private key file for checkpoints; created on first use when missing. Null: unsigned checkpoints.</summary>
    public string? KeyPath { get; init; }
}
