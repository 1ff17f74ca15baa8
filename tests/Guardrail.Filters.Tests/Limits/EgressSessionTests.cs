using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Tests.Limits;

public sealed class EgressSessionTests : IDisposable
{
    private readonly ManualTime _time = new();
    private readonly MemoryLimitStore _store;

    public EgressSessionTests() => _store = new MemoryLimitStore(_time);

    public void Dispose() => _store.Dispose();

    private EgressSession Session(LimitSet limits) => new(_store, "t:acme", [new LimitScope("", limits)], TokenCounter.Shared);

    private long Used(string counter, long limit) =>
        _store.Execute(new LimitOperation("t:acme", false, [CounterOp.PerMinute(counter, limit, 0, CounterMode.Peek)], LimitOperation.NoConcurrency)).Readings[0].Used;

    [Fact]
    public async Task Stream_StopsWhenTheTokenCapIsReached_AndNothingBeyondIsBooked()
    {
        await using var session = Session(new LimitSet { OutputTokensPerMinute = 100 });
        var sent = 0;
        EgressDecision decision;
        while ((decision = await session.OnOutputAsync(7, 40, default)).Action == EgressAction.Continue)
        {
            sent += 7;
        }

        Assert.Equal(98, sent); // 14 deltas of 7; the 15th would pass 100
        Assert.Equal(EgressAction.Stop, (await session.OnOutputAsync(1, 1, default)).Action); // stays stopped
    }

    [Fact]
    public async Task UnusedBooking_IsRefundedWhenTheRequestEnds()
    {
        var session = Session(new LimitSet { OutputTokensPerMinute = 1000 });
        await session.OnOutputAsync(5, 10, default);
        Assert.Equal(EgressSession.TokenChunk, Used("otm", 1000));

        await session.DisposeAsync();

        Assert.Equal(5, Used("otm", 1000));
    }

    [Fact]
    public async Task TwoStreamsOfOneTenant_ShareTheCap()
    {
        await using var a = Session(new LimitSet { OutputTokensPerMinute = 100 });
        await using var b = Session(new LimitSet { OutputTokensPerMinute = 100 });
        var sent = 0;
        for (var i = 0; i < 100; i++)
        {
            var session = i % 2 == 0 ? a : b;
            if ((await session.OnOutputAsync(3, 10, default)).Action == EgressAction.Continue)
            {
                sent += 3;
            }
        }

        // Never past the cap; at most one partial delta per stream is left booked and unsent (refunded at the end).
        Assert.InRange(sent, 100 - (2 * (3 - 1)), 100);
    }

    [Fact]
    public async Task ByteCap_StopsTheStream()
    {
        await using var session = Session(new LimitSet { OutputBytesPerMinute = 100 });

        Assert.Equal(EgressAction.Continue, (await session.OnOutputAsync(1, 60, default)).Action);
        Assert.Equal(EgressAction.Stop, (await session.OnOutputAsync(1, 60, default)).Action);
    }

    [Fact]
    public async Task Bandwidth_PacesInsteadOfStopping()
    {
        await using var session = Session(new LimitSet { OutputBytesPerSecond = 1000 });

        var first = await session.OnOutputAsync(1, 1000, default);
        var second = await session.OnOutputAsync(1, 1000, default);

        Assert.Equal(EgressDecision.Continue, first);
        Assert.Equal(EgressAction.Continue, second.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Delay);
    }

    [Fact]
    public async Task Charge_OverdrawsAndBlocksTheNextAdmission()
    {
        var session = Session(new LimitSet { OutputTokensPerMinute = 50 });

        await session.ChargeAsync(80, 1000, default);

        Assert.Equal(80, Used("otm", 50));
        var admission = _store.Execute(new LimitOperation("t:acme", false, [CounterOp.PerMinute("otm", 50, 0, CounterMode.Require)], LimitOperation.NoConcurrency));
        Assert.Equal(LimitStatus.Denied, admission.Status);
    }
}
