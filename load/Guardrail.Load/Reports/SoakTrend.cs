using System.Globalization;
using Guardrail.Load.Scenarios;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Reports;

/// <summary>
/// The soak's verdict on one process: trend lines of working set, managed heap after GC, handles and GC pause time
/// over the measured window, and whether each is flat. Flat means the fitted change over the window stays under
/// 10% of the mean (with a floor, so a small absolute wobble of a small number is not a leak): 16 MiB of heap,
/// 32 MiB of working set, 20 handles; GC pauses are flat when the pause rate of the last third is at most twice
/// that of the first third plus 1 ms/s. Windows under two minutes are not judged.
/// </summary>
internal sealed record SoakTrend(IReadOnlyList<TrendLine> Lines, double PauseRateFirstThird, double PauseRateLastThird, double MaxPauseMsInOneSecond)
{
    private const double Mib = 1024 * 1024;

    public static SoakTrend? From(IReadOnlyList<ProcessSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 6)
        {
            return null;
        }

        var lines = new[]
        {
            TrendLine.Fit("working set", "MiB", samples.Select(s => (s.Seconds, s.WorkingSetBytes / Mib)).ToList()),
            TrendLine.Fit("managed heap after GC", "MiB", samples.Select(s => (s.Seconds, s.HeapAfterGcBytes / Mib)).ToList()),
            TrendLine.Fit("handles", "fds", samples.Where(s => s.Handles >= 0).Select(s => (s.Seconds, (double)s.Handles)).ToList()),
            TrendLine.Fit("threads", "threads", samples.Select(s => (s.Seconds, (double)s.Threads)).ToList()),
            TrendLine.Fit("GC pause time", "ms", samples.Select(s => (s.Seconds, s.GcPauseMs)).ToList()),
        }.Where(l => l is not null).Select(l => l!).ToList();

        var third = samples.Count / 3;
        var maxPause = 0.0;
        for (var i = 1; i < samples.Count; i++)
        {
            maxPause = Math.Max(maxPause, samples[i].GcPauseMs - samples[i - 1].GcPauseMs);
        }

        return new SoakTrend(lines, PauseRate(samples[0], samples[third]), PauseRate(samples[^(third + 1)], samples[^1]), maxPause);
    }

    /// <summary>Below this window a trend says nothing (warm-up effects dominate); the checks are then left out.</summary>
    public const double MinimumWindowMinutes = 2;

    public IEnumerable<Check> Checks(string target)
    {
        if (Lines.Count == 0 || Lines[0].WindowMinutes < MinimumWindowMinutes)
        {
            yield break;
        }

        foreach (var line in Lines)
        {
            var floor = line.Quantity switch
            {
                "working set" => 32.0,
                "managed heap after GC" => 16.0,
                "handles" => 20.0,
                _ => double.NaN,
            };
            if (double.IsNaN(floor))
            {
                continue;
            }

            var allowed = Math.Max(floor, line.Mean * 0.10);
            yield return new Check(target, line.Quantity + " flat", line.Change <= allowed, string.Create(CultureInfo.InvariantCulture,
                $"{line.SlopePerMinute:+0.###;-0.###;0} {line.Unit}/min, {line.Change:+0.##;-0.##;0} {line.Unit} over {line.WindowMinutes:0.#} min (mean {line.Mean:0.#}, allowed +{allowed:0.#})"));
        }

        yield return new Check(target, "GC pause rate flat", PauseRateLastThird <= (2 * PauseRateFirstThird) + 1, string.Create(CultureInfo.InvariantCulture,
            $"{PauseRateFirstThird:0.###} ms/s in the first third, {PauseRateLastThird:0.###} ms/s in the last; longest pause time in one second {MaxPauseMsInOneSecond:0.#} ms"));
    }

    private static double PauseRate(ProcessSample from, ProcessSample to) =>
        to.Seconds > from.Seconds ? (to.GcPauseMs - from.GcPauseMs) / (to.Seconds - from.Seconds) : 0;
}
