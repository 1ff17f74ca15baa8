using System.Diagnostics.Metrics;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// Guardrail's instruments on the <c>Guardrail</c> meter (exported by OpenTelemetry or read with dotnet-counters).
/// Tags carry category, action and direction — never text.
/// </summary>
internal sealed class GuardrailMetrics
{
    public const string MeterName = "Guardrail";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _screenDuration;

    public GuardrailMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>("guardrail.decisions", unit: "{decision}", description: "Screening decisions by direction, action and category.");
        _screenDuration = meter.CreateHistogram<double>("guardrail.screen.duration", unit: "ms", description: "Time spent screening one request or response.");
    }

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
