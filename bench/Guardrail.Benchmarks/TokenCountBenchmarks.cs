using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Limits;

namespace Guardrail.Benchmarks;

/// <summary>Counting input tokens (tiktoken o200k) of a typical short chat's texts, as admission does when input tokens are limited.</summary>
[MemoryDiagnoser]
public class TokenCountBenchmarks
{
    private readonly string[] _texts =
    [
        "You are a helpful assistant for a chemistry teacher.",
        "Can you explain why table salt dissolves in water?",
        "Salt dissolves because water molecules are polar and surround the sodium and chloride ions.",
        "Great. And what safety rules should students follow in the school lab?",
    ];

    [GlobalSetup]
    public void Setup() => TokenCounter.Shared.Count("warm up");

    [Benchmark(Description = "count tokens, short chat (4 texts)")]
    public int CountShortChat()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += TokenCounter.Shared.Count(text);
        }

        return total;
    }
}
