using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Tests.Limits;

public sealed class MemoryLimitStoreTests : IDisposable
{
    private readonly ManualTime _time = new();
    private readonly MemoryLimitStore _store;

    public MemoryLimitStoreTests() => _store = new MemoryLimitStore(_time);

    public void Dispose() => _store.Dispose();

    private LimitOutcome Run(params CounterOp[] ops) =>
        _store.Execute(new LimitOperation("t:acme", true, ops, LimitOperation.NoConcurrency));

    private static CounterOp Requests(long limit) => CounterOp.PerMinute("req", limit, 1, CounterMode.Consume);

    [Fact]
    public void Consume_AllowsExactlyTheLimitThenDeniesWithRetryAfter()
    {
        var allowed = Enumerable.Range(0, 8).Count(_ => Run(Requests(5)).Status == LimitStatus.Ok);
        var denied = Run(Requests(5));

        Assert.Equal(5, allowed);
        Assert.Equal(LimitStatus.Denied, denied.Status);
        Assert.Equal(0, denied.FailedIndex);
        Assert.InRange(denied.RetryAfter, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Window_Slides_PermitsReturnAfterAMinute()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LimitStatus.Ok, Run(Requests(3)).Status);
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(LimitStatus.Denied, Run(Requests(3)).Status);

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(LimitStatus.Ok, Run(Requests(3)).Status);
    }

    [Fact]
    public void Readings_ReportUsedAndReset()
    {
        Run(Requests(10));
        var outcome = Run(Requests(10));

        var reading = Assert.Single(outcome.Readings);
        Assert.Equal(2, reading.Used);
        Assert.InRange(reading.ResetAfterMs, 55_000, 60_000);
    }

    [Fact]
    public void RefusalOnOneCounter_ChangesNoOther()
    {
        var tokens = CounterOp.PerMinute("in", 100, 80, CounterMode.Consume);
        Assert.Equal(LimitStatus.Ok, Run(Requests(10), tokens).Status);

        var refused = Run(Requests(10), tokens);

        Assert.Equal(LimitStatus.Denied, refused.Status);
        Assert.Equal(1, refused.FailedIndex);
        var after = Run(CounterOp.PerMinute("req", 10, 0, CounterMode.Peek), CounterOp.PerMinute("in", 100, 0, CounterMode.Peek));
        Assert.Equal(1, after.Readings[0].Used); // the refused request did not spend a request
        Assert.Equal(80, after.Readings[1].Used);
    }

    [Fact]
    public void ConsumeLargerThanLimit_IsTooLarge()
    {
        var outcome = Run(CounterOp.PerMinute("in", 100, 101, CounterMode.Consume));

        Assert.Equal(LimitStatus.TooLarge, outcome.Status);
    }

    [Fact]
    public void Require_PassesWhileAnythingIsLeft_ForceMayOverdraw()
    {
        var require = CounterOp.PerMinute("otm", 10, 0, CounterMode.Require);
        Assert.Equal(LimitStatus.Ok, Run(require).Status);

        Run(CounterOp.PerMinute("otm", 10, 25, CounterMode.Force));
        var denied = Run(require);

        Assert.Equal(LimitStatus.Denied, denied.Status);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(LimitStatus.Ok, Run(require).Status);
    }

    [Fact]
    public void Take_GrantsWhatEveryCounterHasLeft_AndRefundGivesItBack()
    {
        Run(CounterOp.PerMinute("otm", 100, 70, CounterMode.Force));
        var take = Run(CounterOp.PerMinute("otm", 100, 64, CounterMode.Take), CounterOp.PerDay("otd", 1000, 64, CounterMode.Take));

        Assert.Equal(30, take.Granted);
        Assert.Equal(100, take.Readings[0].Used);
        Assert.Equal(30, take.Readings[1].Used);

        var refund = Run(
            new CounterOp("otm", CounterOp.MinuteSegmentMs, CounterOp.MinuteSegments, 100, 20, CounterMode.Refund, take.NowMs),
            new CounterOp("otd", CounterOp.DaySegmentMs, CounterOp.DaySegments, 1000, 20, CounterMode.Refund, take.NowMs));

        Assert.Equal(80, refund.Readings[0].Used);
        Assert.Equal(10, refund.Readings[1].Used);
    }

    [Fact]
    public async Task Strikes_SlowDownThenLockOut_ThenExpire()
    {
        var policy = new StrikePolicy { SlowDownAfter = 2, LockoutAfter = 3, Lockout = TimeSpan.FromMinutes(5) };

        var first = await _store.StrikeAsync("t:acme", policy, default);
        var second = await _store.StrikeAsync("t:acme", policy, default);
        var third = await _store.StrikeAsync("t:acme", policy, default);

        Assert.Equal((1, StrikeAction.None), (first.Strikes, first.Action));
        Assert.Equal((2, StrikeAction.SlowDown), (second.Strikes, second.Action));
        Assert.Equal((3, StrikeAction.Lockout), (third.Strikes, third.Action));
        var locked = Run(Requests(100));
        Assert.Equal(LimitStatus.LockedOut, locked.Status);
        Assert.InRange(locked.RetryAfter, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(LimitStatus.Ok, Run(Requests(100)).Status);

        // A lockout starts the count over.
        Assert.Equal(StrikeAction.None, (await _store.StrikeAsync("t:acme", policy, default)).Action);
    }

    [Fact]
    public async Task Strikes_OutsideTheWindow_NoLongerCount()
    {
        var policy = new StrikePolicy { SlowDownAfter = 0, LockoutAfter = 2, Window = TimeSpan.FromMinutes(1) };
        await _store.StrikeAsync("anon:192.0.2.1", policy, default);

        _time.Advance(TimeSpan.FromMinutes(2));
        var outcome = await _store.StrikeAsync("anon:192.0.2.1", policy, default);

        Assert.Equal(1, outcome.Strikes);
        Assert.Equal(StrikeAction.None, outcome.Action);
    }

    [Fact]
    public async Task Concurrency_SlotIsHeldUntilTheLeaseIsDisposed()
    {
        var operation = new LimitOperation("t:acme", false, [], [("conc", 1)]);
        var first = _store.Execute(operation);
        var second = _store.Execute(operation);

        Assert.Equal(LimitStatus.Ok, first.Status);
        Assert.Equal(LimitStatus.ConcurrencyDenied, second.Status);

        await first.Lease!.DisposeAsync();
        var third = _store.Execute(operation);
        Assert.Equal(LimitStatus.Ok, third.Status);
        await third.Lease!.DisposeAsync();
    }

    [Fact]
    public void Concurrency_ReturnedWhenAWindowCounterRefuses()
    {
        var refused = new LimitOperation("t:acme", false, [CounterOp.PerMinute("in", 10, 11, CounterMode.Consume)], [("conc", 1)]);
        var fine = new LimitOperation("t:acme", false, [], [("conc", 1)]);

        Assert.Equal(LimitStatus.TooLarge, _store.Execute(refused).Status);
        Assert.Equal(LimitStatus.Ok, _store.Execute(fine).Status);
    }

    [Fact]
    public async Task Pace_AllowsOneSecondBurstThenDelaysByRate()
    {
        var burst = await _store.PaceAsync("t:acme", "bw", 1000, 1000, default);
        var next = await _store.PaceAsync("t:acme", "bw", 1000, 500, default);

        Assert.Equal(TimeSpan.Zero, burst);
        Assert.Equal(TimeSpan.FromMilliseconds(500), next);
    }

    [Fact]
    public void Partitions_AreIndependent()
    {
        for (var i = 0; i < 2; i++)
        {
            _store.Execute(new LimitOperation("t:a", false, [Requests(2)], LimitOperation.NoConcurrency));
        }

        Assert.Equal(LimitStatus.Denied, _store.Execute(new LimitOperation("t:a", false, [Requests(2)], LimitOperation.NoConcurrency)).Status);
        Assert.Equal(LimitStatus.Ok, _store.Execute(new LimitOperation("t:b", false, [Requests(2)], LimitOperation.NoConcurrency)).Status);
    }
}
