namespace Guardrail.Filters.Limits;

/// <summary>What the rate-limit headers of one response say.</summary>
internal sealed class RateLimitSnapshot
{
    public LimitReading? Requests { get; set; }

    public LimitReading? InputTokens { get; set; }

    public LimitReading? OutputTokens { get; set; }

    /// <summary>Set on refusals: when to try again.</summary>
    public TimeSpan? RetryAfter { get; set; }

    public bool IsEmpty => Requests is null && InputTokens is null && OutputTokens is null && RetryAfter is null;
}
