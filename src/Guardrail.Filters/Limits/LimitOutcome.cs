namespace Guardrail.Filters.Limits;

/// <summary>What a <see cref="LimitOperation"/> did.</summary>
internal sealed class LimitOutcome
{
    public static LimitOutcome Unavailable { get; } = new() { Status = LimitStatus.Unavailable, Readings = [] };

    public LimitStatus Status { get; init; }

    /// <summary>Index of the counter (Denied, TooLarge) or concurrency slot (ConcurrencyDenied) that refused.</summary>
    public int FailedIndex { get; init; } = -1;

    /// <summary>When trying again can succeed (Denied, LockedOut, ConcurrencyDenied).</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>What Take counters granted.</summary>
    public long Granted { get; init; }

    /// <summary>The store's clock (Unix ms) when the operation ran; Refunds name it.</summary>
    public long NowMs { get; init; }

    /// <summary>One reading per counter of the operation, in order (after the operation applied).</summary>
    public required IReadOnlyList<CounterReading> Readings { get; init; }

    /// <summary>The concurrency slots held; dispose to release them. Null when none were asked for or on failure.</summary>
    public IAsyncDisposable? Lease { get; init; }

    /// <summary>True when the outcome came from this instance's own counters because the shared store was down.</summary>
    public bool Local { get; init; }
}
