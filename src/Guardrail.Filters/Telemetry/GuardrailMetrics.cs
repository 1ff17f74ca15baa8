using System.Diagnostics.Metrics;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// Guardrail's instruments on the <c>Guardrail</c> meter (exported by OpenTelemetry or read with dotnet-counters).
/// Tags carry category, action and direction — never text.
/// </summary>
internal sealed class GuardrailMetrics
{
    public const string MeterName = "Guardrail";

    private readonly Meter _meter;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _screenDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _escalations;
    private readonly Histogram<double> _modelRunDuration;

    public GuardrailMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _meter = meter;
        _decisions = meter.CreateCounter<long>("guardrail.decisions", unit: "{decision}", description: "Screening decisions by direction, action and category.");
        _screenDuration = meter.CreateHistogram<double>("guardrail.screen.duration", unit: "ms", description: "Time spent screening one request or response.");
        _cacheLookups = meter.CreateCounter<long>("guardrail.classifier.cache.lookups", unit: "{lookup}", description: "Verdict-cache lookups of the model tiers by level (text, chunk) and result (hit, miss).");
        _escalations = meter.CreateCounter<long>("guardrail.cascade.texts", unit: "{text}", description: "Texts screened by the lexical tier, by whether they were escalated to the model tiers.");
        _modelRunDuration = meter.CreateHistogram<double>("guardrail.classifier.model.duration", unit: "ms", description: "Time of one model run (a batch of chunks), by stage.");
    }

    /// <summary>Publishes the verdict cache's hit ratio as an observable gauge.</summary>
    public void ObserveCacheHitRatio(Func<double> ratio) =>
        _meter.CreateObservableGauge("guardrail.classifier.cache.hit_ratio", ratio, unit: "1", description: "Verdict-cache hits over lookups since start.");

    public void RecordCacheLookup(string level, bool hit) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void RecordEscalation(bool escalated) =>
        _escalations.Add(1, new KeyValuePair<string, object?>("escalated", escalated));

    public void RecordModelRun(string stage, double milliseconds) =>
        _modelRunDuration.Record(milliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void RecordDecision(string direction, string action, string? category, double milliseconds)
    {
        _decisions.Add(
            1,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("category", category ?? "none"));
        _screenDuration.Record(milliseconds, new KeyValuePair<string, object?>("direction", direction));
    }
}
