namespace Guardrail.Load.Engine;

/// <summary>One second of a phase: iterations that ended in it (ok, failed), arrivals dropped in it, and their latency.</summary>
internal sealed record TimelineBucket(int Second, long Ok, long Failed, long Dropped, double MeanMs, double MaxMs);
