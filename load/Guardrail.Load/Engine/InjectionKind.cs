namespace Guardrail.Load.Engine;

/// <summary>How load is injected: arrivals on a clock (open model) or a fixed number of callers (closed model).</summary>
internal enum InjectionKind
{
    /// <summary>Open model: a constant number of new iterations per second, whatever the system answers.</summary>
    ConstantRate,

    /// <summary>Open model: the arrival rate moves linearly from one rate to another over the phase.</summary>
    Ramp,

    /// <summary>Closed model: a fixed number of copies, each starting its next iteration when the last one ends.</summary>
    ClosedConcurrency,
}
