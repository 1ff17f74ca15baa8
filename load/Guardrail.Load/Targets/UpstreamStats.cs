namespace Guardrail.Load.Targets;

/// <summary>What the scripted upstream saw: requests since its last reset, in flight now, and the most at once.</summary>
internal sealed record UpstreamStats(long Requests, int InFlight, int MaxInFlight);
