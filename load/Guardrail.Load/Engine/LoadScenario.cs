namespace Guardrail.Load.Engine;

/// <summary>
/// A named scenario: the steps one iteration runs in order. An iteration stops at its first failed step, as a real
/// client would not go on after one.
/// </summary>
internal sealed record LoadScenario(string Name, IReadOnlyList<LoadStep> Steps);
