namespace Guardrail.Load.Scenarios;

/// <summary>One pass/fail statement a scenario makes about its run (limits exact, memory flat, no failures).</summary>
internal sealed record Check(string Target, string Name, bool Passed, string Detail);
