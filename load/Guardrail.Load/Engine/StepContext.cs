namespace Guardrail.Load.Engine;

/// <summary>What a step knows about the iteration it runs in, and where it records the scenario's own metrics.</summary>
internal sealed class StepContext
{
    public StepContext(long iteration, TimeSpan intended, ILoadClock clock, MetricSet metrics, bool warmup = false)
    {
        Warmup = warmup;
        Iteration = iteration;
        Intended = intended;
        Clock = clock;
        Metrics = metrics;
    }

    /// <summary>The iteration's number in its phase (0-based); scenarios derive fresh request texts from it.</summary>
    public long Iteration { get; }

    /// <summary>When the iteration was meant to start (open model), or when it started (closed model).</summary>
    public TimeSpan Intended { get; }

    public ILoadClock Clock { get; }

    /// <summary>True in the warm-up phase, whose results are thrown away (limit scenarios send there without their key).</summary>
    public bool Warmup { get; }

    /// <summary>Named histograms and counters of the scenario (TTFT, gaps, stalls, halts, 429s...).</summary>
    public MetricSet Metrics { get; }
}
