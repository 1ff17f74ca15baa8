using Microsoft.ML.Tokenizers;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Counts tokens with tiktoken's <c>o200k_base</c> encoding (GPT-4o and later). For other model families it is an
/// estimate of the same order (Claude's tokenizer differs by some percent); limits are set in these tokens.
/// Thread-safe; the encoding is loaded once, on first use.
/// </summary>
internal sealed class TokenCounter
{
    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static TokenCounter Shared { get; } = new();

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : _tokenizer.Value.CountTokens(text);
    }

    public int Count(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : _tokenizer.Value.CountTokens(text);
}
