namespace Guardrail.Filters.Policy;

/// <summary>The streaming output guard's settings (the <c>streaming</c> section of a policy).</summary>
internal sealed record StreamGuardSettings
{
    /// <summary>Holdback (no unjudged text released) or optimistic (lower latency).</summary>
    public StreamGuardMode Mode { get; init; } = StreamGuardMode.Holdback;

    /// <summary>New output tokens between two classifications (and, in holdback mode, how far the client lags).</summary>
    public int StepTokens { get; init; } = 8;

    /// <summary>Output tokens each classification looks at: the last <see cref="WindowTokens"/> plus the request's context.</summary>
    public int WindowTokens { get; init; } = 128;

    /// <summary>Time one classification may take before <see cref="OnDeadline"/> applies.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>What a missed deadline does: halt the stream (closed, the default) or let it run (open).</summary>
    public FailureMode OnDeadline { get; init; } = FailureMode.Closed;

    /// <summary>Largest single server-sent event accepted; a larger one cannot be judged and halts the stream.</summary>
    public int MaxEventBytes { get; init; } = 1024 * 1024;

    /// <summary>The defaults above.</summary>
    public static StreamGuardSettings Default { get; } = new();
}
