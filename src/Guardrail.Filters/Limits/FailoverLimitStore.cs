using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Distributed mode: Redis first; while Redis cannot be reached, what the tenants file's
/// <c>store.on_unavailable</c> says: this instance's own counters (<see cref="StoreFailureMode.Local"/>) or refusal
/// (<see cref="StoreFailureMode.Closed"/>). Each change of state is logged once; Redis is asked again on every call,
/// which costs nothing while it is disconnected (the multiplexer's flag is checked first) and picks it up as soon as
/// it reconnects.
/// </summary>
internal sealed class FailoverLimitStore(RedisLimitStore shared, MemoryLimitStore local, Func<StoreFailureMode> mode, ILogger<FailoverLimitStore> logger)
    : ILimitStore
{
    private int _down;

    public async ValueTask<LimitOutcome> ExecuteAsync(LimitOperation operation, CancellationToken cancellationToken)
    {
        var outcome = await shared.ExecuteAsync(operation, cancellationToken);
        if (outcome.Status != LimitStatus.Unavailable)
        {
            Up();
            return outcome;
        }

        var failureMode = Down();
        if (failureMode == StoreFailureMode.Closed)
        {
            return outcome;
        }

        var fallback = local.Execute(operation);
        return new LimitOutcome
        {
            Status = fallback.Status,
            FailedIndex = fallback.FailedIndex,
            RetryAfter = fallback.RetryAfter,
            Granted = fallback.Granted,
            NowMs = fallback.NowMs,
            Readings = fallback.Readings,
            Lease = fallback.Lease,
            Local = true,
        };
    }

    public async ValueTask<StrikeOutcome> StrikeAsync(string partition, StrikePolicy policy, CancellationToken cancellationToken)
    {
        var outcome = await shared.StrikeAsync(partition, policy, cancellationToken);
        if (outcome.Recorded)
        {
            Up();
            return outcome;
        }

        // A strike is evidence against the client: keep it locally even when the policy fails closed for requests.
        Down();
        return await local.StrikeAsync(partition, policy, cancellationToken);
    }

    public async ValueTask<TimeSpan> PaceAsync(string partition, string name, long bytesPerSecond, long bytes, CancellationToken cancellationToken)
    {
        if (!shared.IsConnected)
        {
            Down();
            return await local.PaceAsync(partition, name, bytesPerSecond, bytes, cancellationToken);
        }

        return await shared.PaceAsync(partition, name, bytesPerSecond, bytes, cancellationToken);
    }

    private StoreFailureMode Down()
    {
        var failureMode = mode();
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LimitsLog.StoreUnavailable(logger, failureMode == StoreFailureMode.Local ? "local limits" : "refusing requests (fail closed)");
        }

        return failureMode;
    }

    private void Up()
    {
        if (Volatile.Read(ref _down) != 0 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LimitsLog.StoreRecovered(logger);
        }
    }
}
