namespace Guardrail.Load.Scenarios;

/// <summary>The knobs of the scenarios' steps (streams, halts, limits), with the defaults the full profiles use.</summary>
internal sealed record ScenarioSettings
{
    /// <summary>Content events per streamed answer.</summary>
    public int StreamTokens { get; init; } = 200;

    /// <summary>Tokens per second the upstream streams at.</summary>
    public double TokenRate { get; init; } = 50;

    /// <summary>One streamed answer in this many turns into the placeholder weapons answer (0: none).</summary>
    public int HaltEvery { get; init; } = 10;

    /// <summary>A gap between two events longer than this is a stall.</summary>
    public TimeSpan StallThreshold { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The limit-saturation tenant's concurrency limit.</summary>
    public int ConcurrencyLimit { get; init; } = 8;

    /// <summary>Content events of each limit-saturation request (its length keeps slots held).</summary>
    public int LimitStreamTokens { get; init; } = 20;

    /// <summary>Attempts per logical request in the limit scenario, the first included.</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>The shared-Redis tenant's requests per minute.</summary>
    public int RequestsPerMinute { get; init; } = 500;
}
