namespace Guardrail.Benchmarks;

/// <summary>Texts the screen benchmarks mix: everyday questions with no CBRN vocabulary, as most traffic is.</summary>
internal static class BenchTexts
{
    /// <summary>Ten general questions; callers add a suffix per request so that no two texts repeat.</summary>
    public static readonly string[] General =
    [
        "What is the capital of Australia?", "Write a haiku about autumn leaves.", "How do I reverse a linked list in Python?",
        "Summarise the causes of the French Revolution.", "What are good stretches for lower back pain?", "Explain compound interest simply.",
        "Translate 'thank you very much' into German.", "Give me three ideas for a birthday party.", "How do I fix a leaking tap?",
        "What's the difference between TCP and UDP?",
    ];
}
