namespace Guardrail.Filters.Limits;

/// <summary>A counter after an operation: what is used in the window now, and when the window will be empty.</summary>
internal readonly record struct CounterReading(long Used, long ResetAfterMs);
