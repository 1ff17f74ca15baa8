using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Benchmarks;

/// <summary>
/// The streaming guard's load: one whole benign answer that keeps using CBRN vocabulary (a history of chemical
/// weapons, ~2,400 characters), screened the way the guard does with the shipped policy, every 32 new characters
/// (8 tokens) over the last 1,024 characters (256 tokens) with the request as context, with the verdict cache
/// (as the proxy runs) and without. One operation is the whole answer; divide by <see cref="Steps"/> for one window.
/// </summary>
[MemoryDiagnoser]
public class StreamWindowBenchmarks
{
    private const string Answer =
        "Chemical weapons were first used on a large scale in the First World War. Chlorine gas was released at Ypres in 1915, "
        + "and later phosgene and mustard gas caused most of the casualties. After the war the Geneva Protocol of 1925 banned their use, "
        + "although several states kept stockpiles. During the Cold War both superpowers built large arsenals of nerve agents such as sarin and VX. "
        + "The Iran-Iraq war saw renewed use, including the attack on Halabja in 1988. In 1993 the Chemical Weapons Convention was signed; "
        + "it bans the development, production and stockpiling of chemical weapons and created the OPCW to verify destruction. "
        + "Since then the declared stockpiles of the United States and Russia have been destroyed under international inspection. "
        + "Terrorist use has been rare: the Aum Shinrikyo cult released sarin in the Tokyo subway in 1995, killing thirteen people and injuring many more. "
        + "Hospitals learned from that attack how to decontaminate patients and how to protect staff from secondary exposure. "
        + "More recently, nerve agents from the Novichok family were used in targeted poisonings, which the OPCW confirmed. "
        + "Today, emergency services train for chemical incidents with protective suits, detectors and antidotes such as atropine. "
        + "Historians see the taboo against chemical weapons as one of the most successful arms-control norms of the twentieth century, "
        + "even though it has been broken in Syria, where investigators attributed several sarin and chlorine attacks.";

    private const int StepChars = 32;
    private const int WindowChars = 1024;

    private PolicyStore _store = null!;
    private GuardPolicy _policy = null!;
    private ServiceProvider _services = null!;
    private GuardrailMetrics _metrics = null!;

    public static int Steps => (Answer.Length + StepChars - 1) / StepChars;

    [GlobalSetup]
    public void Setup()
    {
        _store = ShippedPolicy.Load(out _policy);

        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> WholeAnswerWithCache()
    {
        using var cache = new VerdictCache(10_000, null);
        return await StreamAsync(new Screen(_metrics, [], cache));
    }

    [Benchmark]
    public Task<int> WholeAnswerWithoutCache() => StreamAsync(new Screen(_metrics, []));

    private async Task<int> StreamAsync(Screen screen)
    {
        var blocked = 0;
        for (var end = StepChars; end < Answer.Length + StepChars; end += StepChars)
        {
            var upTo = Math.Min(end, Answer.Length);
            var window = Answer[Math.Max(0, upTo - WindowChars)..upTo];
            var verdict = await screen.ScreenStreamWindowAsync(_policy, window, "Give me an overview of the history of chemical weapons.", CancellationToken.None);
            blocked += verdict.Action == ScreenAction.Allow ? 0 : 1;
        }

        return blocked;
    }
}
