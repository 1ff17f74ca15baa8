namespace Guardrail.Filters.Normalization;

/// <summary>What the composer substituted: whether any leet was folded, and whether an ambiguous stroke (1, |) was.</summary>
internal readonly record struct ComposeStats(bool Substituted, bool Ambiguous);
