using Guardrail.Load.Scenarios;

namespace Guardrail.Load.Reports;

/// <summary>Everything one invocation measured: the scenario, its settings, where it ran, each target's run, the checks.</summary>
internal sealed record RunReport
{
    public required string Scenario { get; init; }

    public required string Description { get; init; }

    /// <summary>The settings in force, as name and value (rate, duration, warm-up, tokens, limits...).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required RunEnvironment Environment { get; init; }

    public required IReadOnlyList<TargetRun> Runs { get; init; }

    public required IReadOnlyList<Check> Checks { get; init; }

    public bool Passed => Checks.All(c => c.Passed);

    public TargetRun? Run(string target) => Runs.FirstOrDefault(r => r.Target == target);
}
