using Guardrail.Filters.Limits;
using StackExchange.Redis;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>The Lua scripts against a real Redis: the same rules as the in-memory store.</summary>
public sealed class RedisLimitStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisLimitStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(AccessServiceCollectionExtensions.RedisOptions(_redis.ConnectionString));
        _store = new RedisLimitStore(_connection);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private ValueTask<LimitOutcome> Run(params CounterOp[] ops) =>
        _store.ExecuteAsync(new LimitOperation("t:acme", true, ops, LimitOperation.NoConcurrency), default);

    [Fact]
    public async Task Consume_AllowsExactlyTheLimit_RefusalChangesNothing()
    {
        var statuses = new List<LimitStatus>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Run(CounterOp.PerMinute("req", 10, 1, CounterMode.Consume), CounterOp.PerMinute("in", 100, 30, CounterMode.Consume))).Status);
        }

        var peek = await Run(CounterOp.PerMinute("req", 10, 0, CounterMode.Peek), CounterOp.PerMinute("in", 100, 0, CounterMode.Peek));

        Assert.Equal([LimitStatus.Ok, LimitStatus.Ok, LimitStatus.Ok, LimitStatus.Denied, LimitStatus.Denied], statuses);
        Assert.Equal(3, peek.Readings[0].Used);
        Assert.Equal(90, peek.Readings[1].Used);
        Assert.InRange(peek.Readings[1].ResetAfterMs, 55_000, 60_000);
    }

    [Fact]
    public async Task DeniedAndTooLarge_CarryIndexAndRetryAfter()
    {
        await Run(CounterOp.PerMinute("req", 1, 1, CounterMode.Consume));

        var denied = await Run(CounterOp.PerMinute("in", 100, 1, CounterMode.Consume), CounterOp.PerMinute("req", 1, 1, CounterMode.Consume));
        var tooLarge = await Run(CounterOp.PerMinute("in", 100, 101, CounterMode.Consume));

        Assert.Equal((LimitStatus.Denied, 1), (denied.Status, denied.FailedIndex));
        Assert.InRange(denied.RetryAfter, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));
        Assert.Equal(LimitStatus.TooLarge, tooLarge.Status);
    }

    [Fact]
    public async Task TakeForceAndRefund_MatchTheMemoryStore()
    {
        using var memory = new MemoryLimitStore();
        async Task<(long Granted, long Used)> Both(ILimitStore store)
        {
            await store.ExecuteAsync(new LimitOperation("t:x", false, [CounterOp.PerMinute("otm", 100, 70, CounterMode.Force)], LimitOperation.NoConcurrency), default);
            var take = await store.ExecuteAsync(new LimitOperation("t:x", false, [CounterOp.PerMinute("otm", 100, 64, CounterMode.Take)], LimitOperation.NoConcurrency), default);
            var refund = await store.ExecuteAsync(new LimitOperation("t:x", false,
                [new CounterOp("otm", CounterOp.MinuteSegmentMs, CounterOp.MinuteSegments, 100, 10, CounterMode.Refund, take.NowMs)], LimitOperation.NoConcurrency), default);
            return (take.Granted, refund.Readings[0].Used);
        }

        var fromRedis = await Both(_store);
        var fromMemory = await Both(memory);

        Assert.Equal((30L, 90L), fromRedis);
        Assert.Equal(fromMemory, fromRedis);
    }

    [Fact]
    public async Task Strikes_LockOutInRedis()
    {
        var policy = new StrikePolicy { SlowDownAfter = 1, LockoutAfter = 2, Lockout = TimeSpan.FromSeconds(30) };

        var first = await _store.StrikeAsync("t:acme", policy, default);
        var second = await _store.StrikeAsync("t:acme", policy, default);
        var locked = await Run(CounterOp.PerMinute("req", 10, 1, CounterMode.Consume));

        Assert.Equal(StrikeAction.SlowDown, first.Action);
        Assert.Equal(StrikeAction.Lockout, second.Action);
        Assert.Equal(LimitStatus.LockedOut, locked.Status);
        Assert.InRange(locked.RetryAfter, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Concurrency_SlotFreedOnRelease()
    {
        var operation = new LimitOperation("t:acme", false, [], [("conc", 1)]);

        var first = await _store.ExecuteAsync(operation, default);
        var second = await _store.ExecuteAsync(operation, default);
        await first.Lease!.DisposeAsync();
        var third = await _store.ExecuteAsync(operation, default);

        Assert.Equal(LimitStatus.Ok, first.Status);
        Assert.Equal(LimitStatus.ConcurrencyDenied, second.Status);
        Assert.Equal(LimitStatus.Ok, third.Status);
    }

    [Fact]
    public async Task Pace_DelaysBeyondTheBurst()
    {
        var burst = await _store.PaceAsync("t:acme", "bw", 1000, 1000, default);
        var next = await _store.PaceAsync("t:acme", "bw", 1000, 1000, default);

        Assert.Equal(TimeSpan.Zero, burst);
        // One second of bytes beyond the burst: the wait is a second less the time between the two calls.
        Assert.InRange(next, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1000));
    }

    [Fact]
    public async Task Unreachable_IsAValueNotAnException()
    {
        await _redis.StopAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        LimitOutcome outcome;
        do
        {
            outcome = await Run(CounterOp.PerMinute("req", 10, 1, CounterMode.Consume));
        }
        while (outcome.Status != LimitStatus.Unavailable && DateTime.UtcNow < deadline);

        Assert.Equal(LimitStatus.Unavailable, outcome.Status);
        Assert.False((await _store.StrikeAsync("t:acme", StrikePolicy.Default, default)).Recorded);
    }
}
