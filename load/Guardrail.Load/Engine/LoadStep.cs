namespace Guardrail.Load.Engine;

/// <summary>One named step of a scenario: one request and its checks, as NBomber's <c>Step.Run</c>.</summary>
internal sealed record LoadStep(string Name, Func<StepContext, CancellationToken, Task<StepOutcome>> Run);
