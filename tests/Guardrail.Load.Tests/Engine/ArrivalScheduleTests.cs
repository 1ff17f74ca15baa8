using Guardrail.Load.Engine;

namespace Guardrail.Load.Tests.Engine;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void ConstantRate_ArrivalsAreEvenlySpacedFromThePhaseStart()
    {
        var injection = Injection.ConstantRate(4, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, ArrivalSchedule.OffsetOf(injection, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(250), ArrivalSchedule.OffsetOf(injection, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(750), ArrivalSchedule.OffsetOf(injection, 3));
        Assert.Null(ArrivalSchedule.OffsetOf(injection, 4));
        Assert.Equal(4, ArrivalSchedule.Expected(injection));
    }

    [Fact]
    public void CountBound_EndsThePhaseBeforeItsDuration()
    {
        var injection = Injection.ConstantRate(100, TimeSpan.FromSeconds(10), count: 3);

        Assert.NotNull(ArrivalSchedule.OffsetOf(injection, 2));
        Assert.Null(ArrivalSchedule.OffsetOf(injection, 3));
        Assert.Equal(3, ArrivalSchedule.Expected(injection));
    }

    [Fact]
    public void Ramp_ArrivalsTotalTheAreaUnderTheRateAndGetCloser()
    {
        // 0 → 100/s over 10 s: 500 arrivals, the k-th due at sqrt(2k/10) s.
        var injection = Injection.Ramp(0, 100, TimeSpan.FromSeconds(10));
        var offsets = Enumerable.Range(0, 1000).Select(k => ArrivalSchedule.OffsetOf(injection, k)).TakeWhile(o => o is not null).Select(o => o!.Value).ToList();

        Assert.InRange(offsets.Count, 499, 501);
        Assert.Equal(Math.Sqrt(2 * 50 / 10.0), offsets[50].TotalSeconds, 6);
        var firstGap = offsets[2] - offsets[1];
        var lastGap = offsets[^1] - offsets[^2];
        Assert.True(lastGap < firstGap, $"gaps should shrink as the rate rises: first {firstGap}, last {lastGap}");
    }

    [Fact]
    public void DownwardRamp_StopsWhenTheRateHasRunOut()
    {
        var injection = Injection.Ramp(100, 0, TimeSpan.FromSeconds(2));
        var count = Enumerable.Range(0, 1000).Count(k => ArrivalSchedule.OffsetOf(injection, k) is not null);

        Assert.InRange(count, 99, 101);
    }

    [Fact]
    public void ClosedModel_HasNoArrivalSchedule()
    {
        Assert.Null(ArrivalSchedule.OffsetOf(Injection.Closed(4, TimeSpan.FromSeconds(1)), 0));
    }
}
