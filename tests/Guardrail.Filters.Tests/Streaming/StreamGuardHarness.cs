using System.Text;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Streaming;
using Guardrail.Filters.Telemetry;
using Guardrail.Filters.Tests.Classification;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>Runs a scripted upstream body through a <see cref="GuardedSseStream"/> with the shipped policy.</summary>
internal static class StreamGuardHarness
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    /// <summary>The shipped default policy, with its text edited by <paramref name="edit"/> (e.g. another stream mode).</summary>
    public static GuardPolicy Policy(Func<string, string>? edit = null)
    {
        var source = Path.Combine(RepoPaths.Root, "policies", "default.yaml");
        // The shipped 250 ms deadline is for production; on a loaded test machine it would halt harmless streams.
        // Tests about deadlines set their own (editing this 5000).
        var text = File.ReadAllText(source).Edit("deadline_ms: 250", "deadline_ms: 5000");
        var edited = edit?.Invoke(text) ?? text;
        var result = PolicyLoader.Load(source, Encoding.UTF8.GetBytes(edited), beforeLexiconLoad: null);
        Assert.Empty(result.Errors);
        return result.Policy!;
    }

    public static GuardPolicy Optimistic() => Policy(t => t.Edit("mode: holdback", "mode: optimistic"));

    public static Screen Screen(params ITextClassifier[] extraStages)
        => new(new GuardrailMetrics(Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), extraStages);

    public static GuardedSseStream Guard(
        Stream upstream, string api, GuardPolicy policy, Screen? screen = null, string? context = "Tell me about chemistry.", Guardrail.Filters.Limits.IEgressMeter? egress = null)
    {
        var assembler = TestAssemblers.Create(api) ?? throw new ArgumentException("no assembler for " + api, nameof(api));
        var guardContext = new StreamGuardContext(policy, screen ?? Screen(), NullLogger.Instance, "grd_test", "route", api, context, egress);
        return new GuardedSseStream(upstream, assembler, guardContext);
    }

    /// <summary>Reads the guarded stream to its end with reads of <paramref name="readSize"/> bytes.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, int readSize = 4096)
    {
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }
}
