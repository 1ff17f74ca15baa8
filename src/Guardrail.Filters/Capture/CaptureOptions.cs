namespace Guardrail.Filters.Capture;

/// <summary>Where encrypted captures go and for how long they stay readable.</summary>
internal sealed record CaptureOptions
{
    /// <summary>The capture directory (created owner-only); one file per UTC day, <c>capture-YYYYMMDD.jsonl</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>Days a record stays readable; a day file is deleted once its last record has expired.</summary>
    public int RetentionDays { get; init; } = 7;

    /// <summary>Captures that may wait to be encrypted and written; more are dropped (counted).</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>Characters of text that may wait in the queue.</summary>
    public long MaxQueuedChars { get; init; } = 8L * 1024 * 1024;

    /// <summary>How often the purge runs besides at start.</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromHours(1);
}
