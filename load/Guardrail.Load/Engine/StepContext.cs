namespace Guardrail.Load.Engine;

/// <summary>What a step knows about the iteration it runs in, and where it records the scenario's own metrics.</summary>
internal sealed class StepContext
{
    public StepContext(long iteration, TimeSpan intended, ILoadClock clock, MetricSet metrics, bool warmup = false, long sequence = -1)
    {
        Sequence = sequence < 0 ? iteration : sequence;
        Warmup = warmup;
        Iteration = iteration;
        Intended = intended;
        Clock = clock;
        Metrics = metrics;
    }

    /// <summary>The iteration's number in its phase (0-based); scenarios derive fresh request texts from it.</summary>
    public long Iteration { get; }

    /// <summary>
    /// A number no other iteration of this process has had (warm-up, other targets and scenarios included), equal to
    /// <see cref="Iteration"/> modulo <see cref="PhaseRunner.PhaseStride"/>: request texts are made from it, so a
    /// measured request never repeats a text the proxy has seen (its verdict cache would answer it).
    /// </summary>
    public long Sequence { get; }

    /// <summary>When the iteration was meant to start (open model), or when it started (closed model).</summary>
    public TimeSpan Intended { get; }

    public ILoadClock Clock { get; }

    /// <summary>True in the warm-up phase, whose results are thrown away (limit scenarios send there without their key).</summary>
    public bool Warmup { get; }

    /// <summary>Named histograms and counters of the scenario (TTFT, gaps, stalls, halts, 429s...).</summary>
    public MetricSet Metrics { get; }
}
