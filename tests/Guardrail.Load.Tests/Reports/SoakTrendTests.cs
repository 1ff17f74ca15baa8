using Guardrail.Load.Reports;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Tests.Reports;

public sealed class SoakTrendTests
{
    private static List<ProcessSample> Samples(int minutes, Func<double, long> heap) => Enumerable.Range(0, (minutes * 60) + 1).Select(s => new ProcessSample
    {
        Seconds = s, WorkingSetBytes = 300L << 20, HeapAfterGcBytes = heap(s), Handles = 100, Threads = 30, GcPauseMs = s * 0.5,
    }).ToList();

    [Fact]
    public void Fit_LinearSeries_GivesItsSlopePerMinute()
    {
        var line = TrendLine.Fit("x", "u", Enumerable.Range(0, 61).Select(s => ((double)s, 10 + (s * 0.5))).ToList());

        Assert.NotNull(line);
        Assert.Equal(30, line.SlopePerMinute, 9);
        Assert.Equal(30, line.Change, 9);
    }

    [Fact]
    public void FlatProcess_PassesEveryCheck()
    {
        var trend = SoakTrend.From(Samples(10, s => (50L << 20) + ((long)s % 7 << 16)));

        Assert.NotNull(trend);
        Assert.All(trend.Checks("guardrail"), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.Equal(0.5, trend.PauseRateFirstThird, 6);
    }

    [Fact]
    public void GrowingHeap_FailsTheHeapCheck()
    {
        // 50 MiB growing by 4 MiB a minute: 40 MiB over ten minutes, past the 16 MiB floor and 10% of the mean.
        var trend = SoakTrend.From(Samples(10, s => (50L << 20) + (long)(s / 60 * (4 << 20))));

        Assert.NotNull(trend);
        var heap = Assert.Single(trend.Checks("guardrail"), c => c.Name == "managed heap after GC flat");
        Assert.False(heap.Passed);
    }

    [Fact]
    public void ShortWindow_IsNotJudged()
    {
        var trend = SoakTrend.From(Samples(1, _ => 1));

        Assert.NotNull(trend);
        Assert.Empty(trend.Checks("guardrail"));
    }
}
