namespace Guardrail.Filters.Limits;

/// <summary>
/// Where counters live: this process (<see cref="MemoryLimitStore"/>) or Redis (<see cref="RedisLimitStore"/>), with
/// identical semantics. Every method reports failure as a value (<see cref="LimitStatus.Unavailable"/>,
/// <c>Recorded: false</c>) and never throws for a store problem.
/// </summary>
internal interface ILimitStore
{
    /// <summary>Runs one atomic operation on a partition.</summary>
    ValueTask<LimitOutcome> ExecuteAsync(LimitOperation operation, CancellationToken cancellationToken);

    /// <summary>Counts a strike; at the policy's threshold the partition is locked out and its strikes start over.</summary>
    ValueTask<StrikeOutcome> StrikeAsync(string partition, StrikePolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Bandwidth pacing (GCRA): books <paramref name="bytes"/> against <paramref name="bytesPerSecond"/> and returns how
    /// long the caller must wait before sending them (zero within the one-second burst).
    /// </summary>
    ValueTask<TimeSpan> PaceAsync(string partition, string name, long bytesPerSecond, long bytes, CancellationToken cancellationToken);
}
