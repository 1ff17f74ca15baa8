namespace Guardrail.Filters.Limits;

/// <summary>
/// The limits one scope (a tenant, a tenant on one route or model, an anonymous client address) is held to.
/// Null means no limit of that kind. Windows slide: a minute is the last 60 s, a day the last 24 h.
/// </summary>
internal sealed record LimitSet
{
    public static LimitSet None { get; } = new();

    /// <summary>Requests admitted per minute.</summary>
    public long? RequestsPerMinute { get; init; }

    /// <summary>Requests in flight at once (a stream counts until it ends).</summary>
    public long? ConcurrentRequests { get; init; }

    /// <summary>Input tokens (tiktoken o200k count of every screened text) per minute.</summary>
    public long? InputTokensPerMinute { get; init; }

    /// <summary>Output tokens per minute: clamps <c>max_tokens</c>, stops streams with the length signal.</summary>
    public long? OutputTokensPerMinute { get; init; }

    /// <summary>Output tokens per day (sliding 24 h).</summary>
    public long? OutputTokensPerDay { get; init; }

    /// <summary>Response bytes per minute.</summary>
    public long? OutputBytesPerMinute { get; init; }

    /// <summary>Bandwidth: streams are paced to this many bytes per second rather than cut.</summary>
    public long? OutputBytesPerSecond { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>True when output is metered at all (clamp, charge, stream meter).</summary>
    public bool LimitsOutput => OutputTokensPerMinute is not null || OutputTokensPerDay is not null
        || OutputBytesPerMinute is not null || OutputBytesPerSecond is not null;

    /// <summary>While loading, a field written <c>unlimited</c> holds this, so that it overrides a default.</summary>
    internal const long UnlimitedMark = -1;

    /// <summary>The set with <see cref="UnlimitedMark"/> fields turned into "no limit".</summary>
    internal LimitSet Resolved()
    {
        static long? R(long? v) => v == UnlimitedMark ? null : v;
        var resolved = new LimitSet
        {
            RequestsPerMinute = R(RequestsPerMinute),
            ConcurrentRequests = R(ConcurrentRequests),
            InputTokensPerMinute = R(InputTokensPerMinute),
            OutputTokensPerMinute = R(OutputTokensPerMinute),
            OutputTokensPerDay = R(OutputTokensPerDay),
            OutputBytesPerMinute = R(OutputBytesPerMinute),
            OutputBytesPerSecond = R(OutputBytesPerSecond),
        };
        return resolved == None ? None : resolved;
    }

    /// <summary>This set's values where given, otherwise <paramref name="fallback"/>'s.</summary>
    public LimitSet Over(LimitSet fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new LimitSet
        {
            RequestsPerMinute = RequestsPerMinute ?? fallback.RequestsPerMinute,
            ConcurrentRequests = ConcurrentRequests ?? fallback.ConcurrentRequests,
            InputTokensPerMinute = InputTokensPerMinute ?? fallback.InputTokensPerMinute,
            OutputTokensPerMinute = OutputTokensPerMinute ?? fallback.OutputTokensPerMinute,
            OutputTokensPerDay = OutputTokensPerDay ?? fallback.OutputTokensPerDay,
            OutputBytesPerMinute = OutputBytesPerMinute ?? fallback.OutputBytesPerMinute,
            OutputBytesPerSecond = OutputBytesPerSecond ?? fallback.OutputBytesPerSecond,
        };
    }
}
