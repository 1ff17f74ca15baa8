namespace Guardrail.Filters.Limits;

/// <summary>Result of a <see cref="LimitOperation"/>.</summary>
internal enum LimitStatus
{
    Ok,
    /// <summary>The partition is locked out after too many strikes.</summary>
    LockedOut,
    /// <summary>A counter has not enough left (<see cref="LimitOutcome.FailedIndex"/> says which).</summary>
    Denied,
    /// <summary>A Consume amount exceeds the counter's whole limit: no wait helps.</summary>
    TooLarge,
    /// <summary>A concurrency slot was not free.</summary>
    ConcurrencyDenied,
    /// <summary>The store could not be asked (Redis down) and the policy fails closed.</summary>
    Unavailable,
}
