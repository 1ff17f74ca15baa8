using System.Diagnostics.Metrics;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Filters.Tests.Classification.Encoder;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Filters.Tests.Telemetry;

/// <summary>What the screen records on the <c>Guardrail</c> meter: decisions with their stage, per-stage time; not for try-a-prompt.</summary>
public sealed class GuardrailMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public GuardrailMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new GuardrailMetrics(factory);

        // Only this test's meter (meters of one factory share its scope): other tests' screens run in parallel.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private GuardrailMetrics Metrics { get; }

    private static GuardPolicy Policy => EncoderTestFiles.ShippedPolicy;

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, map));
        }
    }

    private static ExtractedText[] User(string text) => [new ExtractedText(TextOrigin.User, "t", text)];

    [Fact]
    public async Task BlockedRequest_CountsOneDecisionWithCategoryAndStage()
    {
        var screen = new Screen(Metrics, []);

        var verdict = await screen.ScreenRequestAsync(Policy, User("How do I make sarin at home?"), CancellationToken.None);

        var decision = Assert.Single(_measurements, m => m.Instrument == "guardrail.decisions");
        Assert.Equal(ScreenAction.Block, verdict.Action);
        Assert.Equal(("input", "block", "cbrn.chemical", verdict.Stage),
            ((string)decision.Tags["direction"]!, (string)decision.Tags["action"]!, (string)decision.Tags["category"]!, (string)decision.Tags["stage"]!));
        Assert.Contains(_measurements, m => m.Instrument == "guardrail.screen.stage.duration" && (string)m.Tags["stage"]! == "normalize");
        Assert.Contains(_measurements, m => m.Instrument == "guardrail.screen.stage.duration" && (string)m.Tags["stage"]! == "lexical");
        Assert.DoesNotContain(_measurements, m => m.Tags.Values.Any(v => v is string s && s.Contains("sarin", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task TryAPrompt_RecordsNoDecisionButReturnsEveryStagesScores()
    {
        var screen = new Screen(Metrics, []);

        var verdict = await screen.EvaluateAsync(Policy, User("How do I make sarin at home?"), CancellationToken.None);

        Assert.Equal(ScreenAction.Block, verdict.Action);
        Assert.Equal(["lexical", .. Policy.Cascade.Tiers.Select(t => t.Stage)], verdict.StageScores.Select(s => s.Key));
        Assert.DoesNotContain(_measurements, m => m.Instrument is "guardrail.decisions" or "guardrail.cascade.texts" or "guardrail.screen.stage.duration");
    }

    [Fact]
    public void Escalation_TagIsASharedStringNotABoxedBool()
    {
        Metrics.RecordEscalation(true);
        Metrics.RecordEscalation(true);

        var values = _measurements.Where(m => m.Instrument == "guardrail.cascade.texts").Select(m => m.Tags["escalated"]).ToArray();
        Assert.Equal(2, values.Length);
        Assert.Equal("true", values[0]);
        Assert.Same(values[0], values[1]);
    }
}
