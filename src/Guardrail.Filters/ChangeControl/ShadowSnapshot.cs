namespace Guardrail.Filters.ChangeControl;

/// <summary>A point-in-time copy of <see cref="ShadowStats"/>, for the admin status, audit summaries and reports.</summary>
internal sealed record ShadowSnapshot
{
    /// <summary>Samples the live path handed to the shadow policy.</summary>
    public long Offered { get; init; }

    /// <summary>Samples screened by the shadow policy and compared, by direction (<c>input</c>, <c>output</c>).</summary>
    public IReadOnlyDictionary<string, long> Screened { get; init; } = new Dictionary<string, long>();

    /// <summary>Compared samples on which both policies decided alike.</summary>
    public long Agreed { get; init; }

    /// <summary>Samples dropped because the shadow queue was full (live traffic is never held back for the shadow).</summary>
    public long DroppedQueueFull { get; init; }

    /// <summary>Samples dropped because live requests were waiting for a model slot when the shadow's turn came.</summary>
    public long DroppedBusy { get; init; }

    /// <summary>Shadow screens that failed or missed their deadline (never affecting live traffic).</summary>
    public long ShadowErrors { get; init; }

    /// <summary>Samples the live screen could not decide (nothing to compare against).</summary>
    public long LiveUndecided { get; init; }

    /// <summary>Samples whose live policy name the shadow bundle does not define.</summary>
    public long MissingPolicy { get; init; }

    /// <summary>Disagreements written to the audit trail as <c>shadow.disagreement</c> samples.</summary>
    public long SamplesAudited { get; init; }

    /// <summary>Disagreements counted but not sampled (over the per-minute sample limit).</summary>
    public long SamplesSuppressed { get; init; }

    /// <summary>Mean time of one shadow screen, in milliseconds (off the request path).</summary>
    public double MeanShadowMs { get; init; }

    /// <summary>Disagreements by <c>direction/kind/category</c> (see <see cref="ShadowComparison"/>).</summary>
    public IReadOnlyDictionary<string, long> Disagreements { get; init; } = new Dictionary<string, long>();

    public long ScreenedTotal => Screened.Values.Sum();

    public long DisagreedTotal => Disagreements.Values.Sum();

    /// <summary>The fields of a <c>shadow.summary</c> audit record (counts only).</summary>
    public List<KeyValuePair<string, object?>> ToAuditFields() =>
    [
        new("offered", Offered),
        new("screened", Screened),
        new("agreed", Agreed),
        new("dropped_queue_full", DroppedQueueFull),
        new("dropped_busy", DroppedBusy),
        new("shadow_errors", ShadowErrors),
        new("live_undecided", LiveUndecided),
        new("missing_policy", MissingPolicy),
        new("samples_audited", SamplesAudited),
        new("samples_suppressed", SamplesSuppressed),
        new("mean_shadow_ms", MeanShadowMs),
        new("disagreements", Disagreements),
    ];
}
