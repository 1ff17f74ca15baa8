using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Benchmarks;

/// <summary>
/// The cascade's cost per request over a mix of single-turn requests: a benign mix (general questions with a few
/// science and safety questions, as production traffic looks) and a CBRN-heavy mix (half harmful requests, half
/// near-miss questions), with the shipped policy (lexical + encoder) against the lexical tier alone, cold (no verdict
/// cache). One operation screens the whole mix; divide by <see cref="MixSize"/> for the cost per request.
/// </summary>
[MemoryDiagnoser]
public class CascadeBenchmarks
{
    public const int MixSize = 40;

    private PolicyStore _store = null!;
    private GuardPolicy _cascade = null!;
    private GuardPolicy _lexicalOnly = null!;
    private Screen _screen = null!;
    private ServiceProvider _services = null!;
    private string[] _benign = [];
    private string[] _heavy = [];

    [GlobalSetup]
    public void Setup()
    {
        _store = ShippedPolicy.Load(out _cascade);

        // The same lexicon and thresholds without the learned tiers.
        var lexicalOnly = Path.Combine(Path.GetTempPath(), $"guardrail-bench-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(lexicalOnly, $"""
            name: lexical-only
            classifiers:
              lexical:
                lexicon: {Path.Combine(RepoPaths.Root, "policies", "lexicons", "cbrn.yaml")}
            categories:
            {string.Join("\n", _cascade.Categories.Values.Select(c => $"  {c.Name}: {{ threshold: {c.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}, action: block }}"))}
            """);
        _lexicalOnly = PolicyLoader.Load(lexicalOnly).Policy ?? throw new InvalidOperationException("lexical-only policy failed to load");
        File.Delete(lexicalOnly);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _screen = new Screen(new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);

        var holdout = File.ReadLines(Path.Combine(RepoPaths.Root, "data", "corpus", "holdout.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Positive: e.GetProperty("label").GetInt32() == 1, Kind: e.GetProperty("kind").GetString()!))
            .ToList();
        var near = holdout.Where(r => !r.Positive && r.Kind.StartsWith("near/", StringComparison.Ordinal)).Select(r => r.Text).ToArray();
        var harmful = holdout.Where(r => r.Positive).Select(r => r.Text).ToArray();

        // Benign: 90% general, 10% near-miss science and safety questions.
        _benign = [.. Enumerable.Range(0, MixSize).Select(i => i % 10 == 9 ? near[i % near.Length] : BenchTexts.General[i % BenchTexts.General.Length] + $" ({i})")];
        _heavy = [.. Enumerable.Range(0, MixSize).Select(i => i % 2 == 0 ? harmful[i % harmful.Length] : near[i % near.Length])];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> BenignMixLexicalOnly() => ScreenAllAsync(_lexicalOnly, _benign);

    [Benchmark]
    public Task<int> BenignMixCascade() => ScreenAllAsync(_cascade, _benign);

    [Benchmark]
    public Task<int> CbrnHeavyMixLexicalOnly() => ScreenAllAsync(_lexicalOnly, _heavy);

    [Benchmark]
    public Task<int> CbrnHeavyMixCascade() => ScreenAllAsync(_cascade, _heavy);

    private async Task<int> ScreenAllAsync(GuardPolicy policy, string[] texts)
    {
        var blocked = 0;
        foreach (var text in texts)
        {
            var verdict = await _screen.ScreenRequestAsync(policy, [new ExtractedText(TextOrigin.User, "t", text)], CancellationToken.None);
            blocked += verdict.Action == ScreenAction.Block ? 1 : 0;
        }

        return blocked;
    }
}
