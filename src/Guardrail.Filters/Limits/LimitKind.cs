namespace Guardrail.Filters.Limits;

/// <summary>Which limit a planned counter enforces.</summary>
internal enum LimitKind
{
    Requests,
    InputTokens,
    OutputTokensPerMinute,
    OutputTokensPerDay,
    OutputBytesPerMinute,
    Strikes,
}
