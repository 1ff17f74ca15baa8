namespace Guardrail.Filters.Limits;

/// <summary>What <see cref="AccessGate.CapOutputAsync"/> did with the request body.</summary>
internal enum OutputCap
{
    /// <summary>Nothing to change: forward the screened bytes.</summary>
    Unchanged,
    /// <summary>The request body was replaced with the clamped one.</summary>
    Rewritten,
    /// <summary>The request was answered (no allowance, or an output maximum that is not a number).</summary>
    Refused,
}
