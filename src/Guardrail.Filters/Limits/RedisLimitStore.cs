using System.Globalization;
using StackExchange.Redis;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Counters in Redis, shared by every proxy instance: each operation is one atomic script call
/// (<see cref="RedisScripts"/>). A store that cannot be reached answers <see cref="LimitStatus.Unavailable"/> at once
/// (commands are not queued while disconnected), and the multiplexer reconnects by itself.
/// </summary>
internal sealed class RedisLimitStore(IConnectionMultiplexer redis) : ILimitStore
{
    /// <summary>
    /// A concurrency slot whose release never arrived (instance crashed, Redis down at the end) frees itself after this.
    /// Longer than any sane request; streams longer than this stop counting against concurrency.
    /// </summary>
    public static readonly TimeSpan LeaseTimeToLive = TimeSpan.FromMinutes(15);

    private static readonly RedisValue One = 1;
    private static readonly RedisValue Zero = 0;

    public IConnectionMultiplexer Connection => redis;

    public bool IsConnected => redis.IsConnected;

    public async ValueTask<LimitOutcome> ExecuteAsync(LimitOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!redis.IsConnected)
        {
            return LimitOutcome.Unavailable;
        }

        var n = operation.Counters.Count;
        var m = operation.Concurrency.Count;
        var keys = new RedisKey[1 + n + m];
        var args = new RedisValue[5 + (6 * n) + m];
        keys[0] = Key(operation.Partition, "lock");
        args[0] = n;
        args[1] = m;
        args[2] = operation.CheckLockout ? One : Zero;
        var leaseId = m > 0 ? Guid.NewGuid().ToString("N") : "";
        args[3] = leaseId;
        args[4] = (long)LeaseTimeToLive.TotalMilliseconds;
        for (var i = 0; i < n; i++)
        {
            var op = operation.Counters[i];
            keys[1 + i] = Key(operation.Partition, op.Name);
            var a = 5 + (6 * i);
            args[a] = op.SegmentMs;
            args[a + 1] = op.Segments;
            args[a + 2] = op.Limit;
            args[a + 3] = op.Amount;
            args[a + 4] = (int)op.Mode;
            args[a + 5] = op.AtMs;
        }

        for (var j = 0; j < m; j++)
        {
            var (name, limit) = operation.Concurrency[j];
            keys[1 + n + j] = Key(operation.Partition, name);
            args[5 + (6 * n) + j] = limit;
        }

        RedisResult result;
        try
        {
            result = await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Execute, keys, args).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return LimitOutcome.Unavailable;
        }

        var values = (RedisValue[])result!;
        var status = (int)values[0];
        var now = (long)values[4];
        if (status != 0)
        {
            return new LimitOutcome
            {
                Status = status switch
                {
                    1 => LimitStatus.LockedOut,
                    2 => LimitStatus.Denied,
                    3 => LimitStatus.TooLarge,
                    _ => LimitStatus.ConcurrencyDenied,
                },
                FailedIndex = (int)values[1],
                RetryAfter = TimeSpan.FromMilliseconds(Math.Max(1, (long)values[2])),
                NowMs = now,
                Readings = [],
            };
        }

        var readings = new CounterReading[n];
        for (var i = 0; i < n; i++)
        {
            readings[i] = new CounterReading((long)values[5 + (2 * i)], (long)values[6 + (2 * i)]);
        }

        return new LimitOutcome
        {
            Status = LimitStatus.Ok,
            Granted = (long)values[3],
            NowMs = now,
            Readings = readings,
            Lease = m == 0 ? null : new Lease(redis, keys[(1 + n)..], leaseId),
        };
    }

    public async ValueTask<StrikeOutcome> StrikeAsync(string partition, StrikePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!redis.IsConnected)
        {
            return default;
        }

        var (segmentMs, segments) = MemoryLimitStore.StrikeWindow(policy);
        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(
                RedisScripts.Strike,
                [Key(partition, "strikes"), Key(partition, "lock")],
                [segmentMs, segments, policy.LockoutAfter, policy.SlowDownAfter, (long)policy.Lockout.TotalMilliseconds]).WaitAsync(cancellationToken);
            var values = (RedisValue[])result!;
            var action = (int)values[1] switch { 2 => StrikeAction.Lockout, 1 => StrikeAction.SlowDown, _ => StrikeAction.None };
            return new StrikeOutcome((long)values[0], action, true);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return default;
        }
    }

    public async ValueTask<TimeSpan> PaceAsync(string partition, string name, long bytesPerSecond, long bytes, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return TimeSpan.Zero;
        }

        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Pace, [Key(partition, name)], [bytesPerSecond, bytes]).WaitAsync(cancellationToken);
            return TimeSpan.FromMilliseconds((long)result);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>The partition is the hash tag, so all keys of one script call live on one Redis Cluster slot.</summary>
    internal static RedisKey Key(string partition, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"gr:{{{partition}}}:{name}");

    internal static bool IsStoreFailure(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException;

    private sealed class Lease(IConnectionMultiplexer redis, RedisKey[] keys, string leaseId) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                var db = redis.GetDatabase();
                foreach (var key in keys)
                {
                    await db.SortedSetRemoveAsync(key, leaseId, CommandFlags.FireAndForget);
                }
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                // The slot expires by itself after LeaseTimeToLive.
            }
        }
    }
}
