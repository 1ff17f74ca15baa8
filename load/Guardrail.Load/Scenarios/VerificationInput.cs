using Guardrail.Load.Reports;

namespace Guardrail.Load.Scenarios;

/// <summary>What a scenario's checks read: the measured run of one target and the scenario's settings.</summary>
internal sealed record VerificationInput(TargetRun Run, ScenarioSettings Settings);
