using Guardrail.Load.Engine;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Reports;

/// <summary>The measured phase of a scenario against one target: counts, latencies, metrics, CPU, timeline, process samples.</summary>
internal sealed record TargetRun
{
    public required string Target { get; init; }

    public required string Injection { get; init; }

    /// <summary>Wall time of the measured phase, drain included.</summary>
    public required double Seconds { get; init; }

    public required long Started { get; init; }

    public required long Ok { get; init; }

    public required long Failed { get; init; }

    public required long DroppedInFlightLimit { get; init; }

    public required long DroppedGeneratorLate { get; init; }

    public long Dropped => DroppedInFlightLimit + DroppedGeneratorLate;

    /// <summary>Iterations that ended well, per second of the phase.</summary>
    public double Throughput => Seconds > 0 ? Ok / Seconds : 0;

    /// <summary>From intended start to end (what a user waits, queueing included).</summary>
    public required Latency Latency { get; init; }

    /// <summary>From actual send to end.</summary>
    public required Latency ServiceTime { get; init; }

    /// <summary>From intended start to actual send: the generator's lateness.</summary>
    public required Latency SendLag { get; init; }

    public required IReadOnlyList<StepSummary> Steps { get; init; }

    public required IReadOnlyDictionary<string, Latency> Histograms { get; init; }

    public required IReadOnlyDictionary<string, long> Counters { get; init; }

    public required IReadOnlyList<TimelineBucket> Timeline { get; init; }

    /// <summary>The process requests went to (the first of several instances).</summary>
    public required string Process { get; init; }

    /// <summary>CPU time (user + system) of the target's process(es) over the measured phase.</summary>
    public required double CpuMs { get; init; }

    /// <summary>CPU time of the upstream over the phase (the whole of <see cref="CpuMs"/> for the direct target).</summary>
    public required double UpstreamCpuMs { get; init; }

    /// <summary>CPU time of this runner (the load generator) over the phase: it shares the machine with the targets.</summary>
    public double GeneratorCpuMs { get; init; }

    /// <summary>The target's CPU per second of wall time while idle, read for a few seconds after the measured phase (null: not read).</summary>
    public double? IdleCpuMsPerSecond { get; init; }

    /// <summary>CPU per request less the idle rate over the phase: what serving the requests cost on top of running.</summary>
    public double? NetCpuPerRequestUs => IdleCpuMsPerSecond is { } idle && Ok + Failed > 0 ? Math.Max(0, CpuMs - (idle * Seconds)) * 1000 / (Ok + Failed) : null;

    /// <summary>Target CPU per completed request, in microseconds, as an operator would measure it: process CPU time / requests.</summary>
    public double CpuPerRequestUs => Ok + Failed > 0 ? CpuMs * 1000 / (Ok + Failed) : 0;

    public UpstreamStats? Upstream { get; init; }

    /// <summary>The target process's samples over the phase (soak), else empty.</summary>
    public IReadOnlyList<ProcessSample> Samples { get; init; } = [];

    public SoakTrend? Soak { get; init; }
}
