using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Streaming;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Benchmarks;

/// <summary>
/// CPU and allocation of the streaming guard per answer, at 1k, 10k and 100k output tokens (one chat chunk per token,
/// ~4 characters each): the cost per 1k tokens must stay flat as answers grow (sliding window, linear total).
/// Compared with a plain copy of the same bytes, which is what YARP does without the guard.
/// </summary>
[MemoryDiagnoser]
public class StreamGuardBenchmarks
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private byte[] _body = [];
    private GuardPolicy _holdback = null!;
    private GuardPolicy _optimistic = null!;
    private Screen _screen = null!;
    private readonly byte[] _sink = new byte[64 * 1024];

    [Params(1_000, 10_000, 100_000)]
    public int Tokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var policyFile = Path.Combine(RepoPaths.Policies, "default.yaml");
        _holdback = Load(policyFile, t => t);
        _optimistic = Load(policyFile, t => t.Replace("mode: holdback", "mode: optimistic", StringComparison.Ordinal));
        _screen = new Screen(new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);
        var words = "the river flows past old mills and quiet farms while swallows circle over the water at dusk ".Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        for (var i = 0; i < Tokens; i++)
        {
            var chunk = JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { content = " " + words[i % words.Length] }, finish_reason = (string?)null } } });
            sb.Append("data: ").Append(chunk).Append("\n\n");
        }

        sb.Append("data: [DONE]\n\n");
        _body = Encoding.UTF8.GetBytes(sb.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<long> PlainCopy()
    {
        await using var source = new MemoryStream(_body, writable: false);
        return await Drain(source);
    }

    [Benchmark]
    public async Task<long> Holdback() => await Guarded(_holdback);

    [Benchmark]
    public async Task<long> Optimistic() => await Guarded(_optimistic);

    private async Task<long> Guarded(GuardPolicy policy)
    {
        var assembler = Guardrail.Filters.Adapters.OpenAIChatAdapter.Instance.CreateStreamAssembler(fallbackModel: null, requestId: null);
        var context = new StreamGuardContext(policy, _screen, NullLogger.Instance, "grd_bench", "bench", "openai.chat", "Tell me a story about a river.");
        await using var guard = new GuardedSseStream(new MemoryStream(_body, writable: false), assembler, context);
        return await Drain(guard);
    }

    private async Task<long> Drain(Stream source)
    {
        long total = 0;
        int n;

        // Upstream reads arrive as the network delivers them; 16 KB matches the guard's own read size.
        while ((n = await source.ReadAsync(_sink.AsMemory(0, 16 * 1024))) > 0)
        {
            total += n;
        }

        return total;
    }

    private static GuardPolicy Load(string file, Func<string, string> edit)
    {
        var result = PolicyLoader.Load(file, Encoding.UTF8.GetBytes(edit(File.ReadAllText(file))), beforeLexiconLoad: null);
        return result.Policy ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }
}
