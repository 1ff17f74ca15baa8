namespace Guardrail.Load.Engine;

/// <summary>A step's numbers for a report.</summary>
internal sealed record StepSummary(
    string Name, long Ok, long Failed, long Bytes, IReadOnlyDictionary<int, long> StatusCodes, IReadOnlyDictionary<string, long> Failures, LatencySummary Latency);
