namespace Guardrail.Filters.Limits;

/// <summary>Where a client stands after a strike.</summary>
internal enum StrikeAction
{
    /// <summary>Counted; no escalation yet.</summary>
    None,
    /// <summary>Requests are delayed.</summary>
    SlowDown,
    /// <summary>Locked out for the policy's lockout time.</summary>
    Lockout,
}
