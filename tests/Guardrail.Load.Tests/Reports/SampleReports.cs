using Guardrail.Load.Engine;
using Guardrail.Load.Reports;
using Guardrail.Load.Scenarios;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Tests.Reports;

/// <summary>Reports built from hand-made recordings, for the report writers' tests.</summary>
internal static class SampleReports
{
    public static TargetRun Run(string target, double cpuMs, IReadOnlyList<long> latenciesMs, IReadOnlyList<ProcessSample>? samples = null)
    {
        var recorder = new LoadRecorder(TimeSpan.Zero);
        var at = TimeSpan.Zero;
        foreach (var ms in latenciesMs)
        {
            recorder.RecordStart(at, at);
            recorder.Step("chat").Record(StepOutcome.Success(200, 100), TimeSpan.FromMilliseconds(ms));
            recorder.RecordEnd(at, at, at + TimeSpan.FromMilliseconds(ms), ok: true);
            at += TimeSpan.FromMilliseconds(100);
        }

        recorder.Metrics.Record("ttft", TimeSpan.FromMilliseconds(12));
        recorder.Metrics.Count("halts", 2);
        return new TargetRun
        {
            Target = target,
            Injection = "open model, 10/s for 1 s",
            Seconds = latenciesMs.Count / 10.0,
            Started = recorder.Started,
            Ok = recorder.Ok,
            Failed = recorder.Failed,
            DroppedInFlightLimit = 0,
            DroppedGeneratorLate = 1,
            Latency = Latency.From(recorder.Latency.Summarize()),
            ServiceTime = Latency.From(recorder.ServiceTime.Summarize()),
            SendLag = Latency.From(recorder.SendLag.Summarize()),
            Steps = recorder.StepSummaries(),
            Histograms = recorder.Metrics.SummarizeHistograms().ToDictionary(p => p.Key, p => Latency.From(p.Value)),
            Counters = recorder.Metrics.Counters(),
            Timeline = recorder.Timeline(),
            Process = target + " (pid 1)",
            CpuMs = cpuMs,
            UpstreamCpuMs = 1,
            Upstream = new UpstreamStats(latenciesMs.Count, 0, 3),
            Samples = samples ?? [],
            Soak = samples is { Count: > 0 } ? SoakTrend.From(samples) : null,
        };
    }

    public static RunReport ThreeWay() => new()
    {
        Scenario = "benign-chat",
        Description = "short benign chats <with markup & quotes\">",
        Settings = new Dictionary<string, string> { ["injection"] = "open model, 10/s for 1 s" },
        Environment = new RunEnvironment("box", "Test CPU", 2, "Linux", ".NET 10", "abc123def456", "1.00 0.50 0.25", "2.00 1.00 0.50", new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero)),
        Runs =
        [
            Run("direct", 100, [1, 1, 2, 2, 3, 3, 4, 4, 5, 50]),
            Run("plain-yarp", 200, [2, 2, 3, 3, 4, 4, 5, 5, 6, 60]),
            Run("guardrail", 500, [3, 3, 4, 4, 5, 5, 6, 6, 7, 70]),
        ],
        Checks = [new Check("guardrail", "no failed iterations", true, "none"), new Check("guardrail", "limit exact", false, "9 of 8")],
    };
}
