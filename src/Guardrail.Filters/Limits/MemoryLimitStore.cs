using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Counters in this process: the store without Redis, and the fallback while Redis is down. Window counters are
/// <see cref="WindowCounter"/> rings under a per-partition lock, so an operation over several counters is atomic;
/// concurrency slots are <see cref="System.Threading.RateLimiting.ConcurrencyLimiter"/>s of a
/// <see cref="PartitionedRateLimiter{TResource}"/>, whose leases free the slot when the request ends.
/// </summary>
/// <remarks>
/// Window counters need what the built-in window limiters do not offer: all-or-nothing across several counters
/// (a request refused for tokens must not spend a request), charging output after the fact beyond the limit, limits
/// that change on reload without resetting the count, and the exact arithmetic of the Redis scripts, so that a
/// fallback to local counting behaves like the shared store.
/// </remarks>
internal sealed class MemoryLimitStore : ILimitStore, IDisposable
{
    private const string StrikesCounter = "strikes";

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PartitionState> _partitions = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<ConcurrencyKey> _concurrency;
    private readonly ITimer _sweep;

    public MemoryLimitStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _concurrency = PartitionedRateLimiter.Create<ConcurrencyKey, ConcurrencyKey>(key =>
            RateLimitPartition.GetConcurrencyLimiter(key, k => new ConcurrencyLimiterOptions
            {
                PermitLimit = (int)Math.Min(k.Limit, int.MaxValue),
                QueueLimit = 0,
            }));

        // Idle partitions (every window empty, not locked) are dropped, so anonymous addresses do not pile up.
        _sweep = _time.CreateTimer(_ => Sweep(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Partitions held (for tests and diagnostics).</summary>
    public int PartitionCount => _partitions.Count;

    public ValueTask<LimitOutcome> ExecuteAsync(LimitOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ValueTask.FromResult(Execute(operation));
    }

    public LimitOutcome Execute(LimitOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);

        // Slots first: a slot is returned by disposing its lease, so a later refusal can undo it exactly.
        RateLimitLease[]? leases = null;
        if (operation.Concurrency.Count > 0)
        {
            leases = new RateLimitLease[operation.Concurrency.Count];
            for (var i = 0; i < leases.Length; i++)
            {
                var (name, limit) = operation.Concurrency[i];
                var lease = _concurrency.AttemptAcquire(new ConcurrencyKey(operation.Partition, name, limit));
                if (!lease.IsAcquired)
                {
                    lease.Dispose();
                    Release(leases, i);
                    return new LimitOutcome
                    {
                        Status = LimitStatus.ConcurrencyDenied,
                        FailedIndex = i,
                        RetryAfter = TimeSpan.FromSeconds(1),
                        NowMs = Now(),
                        Readings = [],
                    };
                }

                leases[i] = lease;
            }
        }

        var outcome = WithPartition(operation.Partition, state => Apply(state, operation));
        if (outcome.Status != LimitStatus.Ok)
        {
            Release(leases, leases?.Length ?? 0);
            return outcome;
        }

        return leases is null ? outcome : new LimitOutcome
        {
            Status = outcome.Status,
            Granted = outcome.Granted,
            NowMs = outcome.NowMs,
            Readings = outcome.Readings,
            Lease = new Leases(leases),
        };
    }

    public ValueTask<StrikeOutcome> StrikeAsync(string partition, StrikePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (segmentMs, segments) = StrikeWindow(policy);
        var outcome = WithPartition(partition, state =>
        {
            var now = Now();
            var counter = state.Counter(StrikesCounter, segmentMs, segments);
            counter.Add(now, 1);
            var strikes = counter.Used(now);
            if (policy.LockoutAfter > 0 && strikes >= policy.LockoutAfter)
            {
                state.LockedUntilMs = now + (long)policy.Lockout.TotalMilliseconds;
                state.Counters.Remove(StrikesCounter);
                return new StrikeOutcome(strikes, StrikeAction.Lockout, true);
            }

            var action = policy.SlowDownAfter > 0 && strikes >= policy.SlowDownAfter ? StrikeAction.SlowDown : StrikeAction.None;
            return new StrikeOutcome(strikes, action, true);
        });
        return ValueTask.FromResult(outcome);
    }

    public ValueTask<TimeSpan> PaceAsync(string partition, string name, long bytesPerSecond, long bytes, CancellationToken cancellationToken)
    {
        var delay = WithPartition(partition, state =>
        {
            var now = Now();
            var tat = Math.Max(state.PaceTat(name), now);
            var next = tat + (bytes * 1000 / Math.Max(1, bytesPerSecond));
            state.SetPaceTat(name, next);
            return Math.Max(0, next - 1000 - now); // one second of burst
        });
        return ValueTask.FromResult(TimeSpan.FromMilliseconds(delay));
    }

    /// <summary>The strike counter's window as segments (ten per window).</summary>
    public static (long SegmentMs, int Segments) StrikeWindow(StrikePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        const int segments = 10;
        var segmentMs = Math.Max(1, (long)Math.Ceiling(policy.Window.TotalMilliseconds / segments));
        return (segmentMs, segments);
    }

    public void Dispose()
    {
        _sweep.Dispose();
        _concurrency.Dispose();
    }

    private LimitOutcome Apply(PartitionState state, LimitOperation operation)
    {
        var now = Now();
        if (operation.CheckLockout && state.LockedUntilMs > now)
        {
            return new LimitOutcome { Status = LimitStatus.LockedOut, RetryAfter = TimeSpan.FromMilliseconds(state.LockedUntilMs - now), NowMs = now, Readings = [] };
        }

        var ops = operation.Counters;
        var counters = new WindowCounter[ops.Count];
        long granted = long.MaxValue;
        var anyTake = false;
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            var counter = state.Counter(op.Name, op.SegmentMs, op.Segments);
            counters[i] = counter;
            var used = counter.Used(now);
            switch (op.Mode)
            {
                case CounterMode.Consume when op.Amount > op.Limit:
                    return new LimitOutcome { Status = LimitStatus.TooLarge, FailedIndex = i, NowMs = now, Readings = [] };
                case CounterMode.Consume when used + op.Amount > op.Limit:
                    return Denied(i, counter.TimeUntilFreed(now, used + op.Amount - op.Limit), now);
                case CounterMode.Require when used >= op.Limit:
                    return Denied(i, counter.TimeUntilFreed(now, used - op.Limit + 1), now);
                case CounterMode.Take:
                    anyTake = true;
                    granted = Math.Min(granted, Math.Max(0, op.Limit - used));
                    break;
            }
        }

        if (!anyTake)
        {
            granted = 0;
        }

        var readings = new CounterReading[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            var counter = counters[i];
            switch (op.Mode)
            {
                case CounterMode.Consume or CounterMode.Force:
                    counter.Add(now, op.Amount);
                    break;
                case CounterMode.Take:
                    granted = Math.Min(granted, op.Amount);
                    break;
                case CounterMode.Refund:
                    counter.Refund(now, op.AtMs, op.Amount);
                    break;
            }
        }

        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Mode == CounterMode.Take && granted > 0)
            {
                counters[i].Add(now, granted);
            }

            readings[i] = new CounterReading(counters[i].Used(now), counters[i].ResetAfter(now));
        }

        return new LimitOutcome { Status = LimitStatus.Ok, Granted = granted, NowMs = now, Readings = readings };
    }

    private static LimitOutcome Denied(int index, long retryMs, long now) => new()
    {
        Status = LimitStatus.Denied,
        FailedIndex = index,
        RetryAfter = TimeSpan.FromMilliseconds(Math.Max(1, retryMs)),
        NowMs = now,
        Readings = [],
    };

    private T WithPartition<T>(string partition, Func<PartitionState, T> action)
    {
        while (true)
        {
            var state = _partitions.GetOrAdd(partition, static _ => new PartitionState());
            lock (state.Gate)
            {
                // The sweeper removed this state after we looked it up: use the fresh one.
                if (state.Removed)
                {
                    continue;
                }

                return action(state);
            }
        }
    }

    private void Sweep()
    {
        var now = Now();
        foreach (var (key, state) in _partitions)
        {
            lock (state.Gate)
            {
                if (state.LockedUntilMs <= now && state.IsIdle(now))
                {
                    state.Removed = true;
                    _partitions.TryRemove(new KeyValuePair<string, PartitionState>(key, state));
                }
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void Release(RateLimitLease[]? leases, int count)
    {
        for (var i = 0; i < count; i++)
        {
            leases![i].Dispose();
        }
    }

    private readonly record struct ConcurrencyKey(string Partition, string Name, long Limit);

    private sealed class Leases(RateLimitLease[] leases) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release(leases, leases.Length);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class PartitionState
    {
        private Dictionary<string, long>? _paceTats;

        public Lock Gate { get; } = new();

        public Dictionary<string, WindowCounter> Counters { get; } = new(StringComparer.Ordinal);

        public long LockedUntilMs { get; set; }

        public bool Removed { get; set; }

        public WindowCounter Counter(string name, long segmentMs, int segments)
        {
            // A reload that changes a window's shape starts that counter over; the same shape keeps its count.
            if (!Counters.TryGetValue(name, out var counter) || !counter.Matches(segmentMs, segments))
            {
                counter = new WindowCounter(segmentMs, segments);
                Counters[name] = counter;
            }

            return counter;
        }

        public long PaceTat(string name) => _paceTats is not null && _paceTats.TryGetValue(name, out var tat) ? tat : 0;

        public void SetPaceTat(string name, long tat) => (_paceTats ??= new(StringComparer.Ordinal))[name] = tat;

        public bool IsIdle(long now)
        {
            if (_paceTats is not null && _paceTats.Values.Any(t => t > now))
            {
                return false;
            }

            foreach (var counter in Counters.Values)
            {
                if (!counter.IsEmpty(now))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
