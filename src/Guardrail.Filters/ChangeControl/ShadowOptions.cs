namespace Guardrail.Filters.ChangeControl;

/// <summary>Bounds of the shadow policy's work: how much may wait, how much is sampled to the audit trail.</summary>
internal sealed record ShadowOptions
{
    /// <summary>Samples that may wait for the shadow worker; more are dropped (counted), never waited for.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Characters of text that may wait in the queue (bounds memory whatever the sizes of requests).</summary>
    public long MaxQueuedChars { get; init; } = 8L * 1024 * 1024;

    /// <summary>At most this many <c>shadow.disagreement</c> samples per minute go to the audit trail; all are counted.</summary>
    public int SamplesPerMinute { get; init; } = 60;

    /// <summary>How often a <c>shadow.summary</c> with the counters is written (also when a candidate stops).</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromMinutes(5);
}
