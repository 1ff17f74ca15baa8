using Guardrail.Load.Engine;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// A scenario the command line can name: its steps, its default load, the tenants file Guardrail runs it with, how
/// many Guardrail instances it needs, whether it means anything against the unscreened targets (<c>--compare</c>),
/// and the checks it makes of each run.
/// </summary>
internal sealed record ScenarioDefinition
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required Injection DefaultInjection { get; init; }

    /// <summary>Warm-up before the measured phase (same injection, results thrown away).</summary>
    public TimeSpan DefaultWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>False for scenarios about Guardrail's own limits: direct and plain YARP have none to measure.</summary>
    public bool Comparable { get; init; } = true;

    public int GuardrailInstances { get; init; } = 1;

    public Func<ScenarioSettings, string> Tenants { get; init; } = static _ => Targets.TenantsFiles.Unlimited;

    public required Func<ScenarioTarget, LoadScenario> Build { get; init; }

    /// <summary>The scenario's own checks, beside the runner's (no failed iterations).</summary>
    public Func<VerificationInput, IEnumerable<Check>> Verify { get; init; } = static _ => [];

    /// <summary>Whether the Guardrail process is sampled over the run and its memory, handles and GC pauses checked for trend.</summary>
    public bool Soak { get; init; }
}
