namespace Guardrail.Filters.Limits;

/// <summary>A recorded strike: the count in the window (before a lockout reset it) and the escalation it caused.</summary>
internal readonly record struct StrikeOutcome(long Strikes, StrikeAction Action, bool Recorded);
