using Guardrail.Load.Targets;

namespace Guardrail.Load.Scenarios;

/// <summary>Where a scenario's requests go in one run: the target, its instance addresses, and the shared client.</summary>
internal sealed record ScenarioTarget(TargetKind Kind, IReadOnlyList<Uri> Instances, HttpClient Client, ScenarioSettings Settings)
{
    /// <summary>Whether Guardrail screens this target's traffic (refusals and halts are expected only then).</summary>
    public bool Screened => Kind == TargetKind.Guardrail;

    /// <summary>The instance iteration <paramref name="iteration"/> sends to: round robin over the instances.</summary>
    public Uri Chat(long iteration) => new(Instances[(int)(iteration % Instances.Count)], "v1/chat/completions");
}
