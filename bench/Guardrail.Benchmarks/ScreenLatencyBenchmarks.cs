using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Benchmarks;

/// <summary>
/// The distribution of the input screen's time per request (p50, p95, p99), one request per measured iteration, over
/// two mixes with the shipped policy, cold (no verdict cache) and with a text no earlier request had: a benign mix
/// (nine general questions in ten, one science or safety near miss) and a science-heavy mix (near-miss questions from
/// the development data that name agents, weapons and materials, so most escalate to the encoder). The mean over a mix
/// hides the tail; this shows it.
/// </summary>
[Config(typeof(Percentiles))]
public class ScreenLatencyBenchmarks
{
    private const int Requests = 600;

    private const int WarmTexts = 200;

    private PolicyStore _store = null!;
    private GuardPolicy _policy = null!;
    private Screen _screen = null!;
    private ServiceProvider _services = null!;
    private string[] _texts = [];
    private int _next;

    [Params("benign", "science")]
    public string Mix { get; set; } = "benign";

    private void Setup()
    {
        _store = ShippedPolicy.Load(out _policy);

        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _screen = new Screen(new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);

        var near = File.ReadLines(Path.Combine(RepoPaths.Root, "..", "shared", "data", "dev", "benign_near.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => e.TryGetProperty("text", out var t) ? t.GetString() : e.TryGetProperty("prompt", out var p) ? p.GetString() : null)
            .OfType<string>()
            .ToArray();

        // Enough distinct texts for warm-up and every measured iteration; the suffix makes each text new.
        _texts = [.. Enumerable.Range(0, 2 * Requests).Select(i => Mix == "benign"
            ? (i % 10 == 9 ? near[i % near.Length] : BenchTexts.General[i % BenchTexts.General.Length]) + $" ({i})"
            : near[i % near.Length] + $" ({i})")];
    }

    /// <summary>
    /// Tiered compilation promotes a method after 30 calls and a quiet 100 ms; forty warm-up iterations are not enough
    /// for that, so the screen first runs over texts of its own (never measured) and then waits for the promotion.
    /// </summary>
    [GlobalSetup(Target = nameof(ScreenOneRequest))]
    public void SetupAndWarm()
    {
        Setup();
        for (var i = 0; i < WarmTexts; i++)
        {
            _ = _screen.ScreenRequestAsync(_policy, [new ExtractedText(TextOrigin.User, "t", $"warm-up {i}: " + _texts[i % _texts.Length])], CancellationToken.None)
                .AsTask().GetAwaiter().GetResult();
        }

        Thread.Sleep(500);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _services.Dispose();
    }

    [Benchmark]
    public async Task<int> ScreenOneRequest()
    {
        var text = _texts[_next++ % _texts.Length];
        var verdict = await _screen.ScreenRequestAsync(_policy, [new ExtractedText(TextOrigin.User, "t", text)], CancellationToken.None);
        return (int)verdict.Action;
    }

    /// <summary>
    /// One invocation per iteration, so the iterations are the requests' own times; no outlier removal (the tail is
    /// what is measured); p50, p95 and p99 columns.
    /// </summary>
    private sealed class Percentiles : ManualConfig
    {
        public Percentiles()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(40).WithIterationCount(Requests).WithLaunchCount(1)
                .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
        }
    }
}
