using System.Buffers;

namespace Guardrail.Filters.Classification;

/// <summary>
/// The lexicon's <c>event_agents</c>: names of attacks, programmes and people whose agent is common knowledge ("Aum
/// Shinrikyo" → sarin, "Amerithrax" → anthrax). A conversation that opens on such a name and then asks "how did they
/// make it?" asks about that agent without naming it; the name gives the conversation its topic. For scoring, the
/// names stay what the lexicon makes of them (mostly history cues, which damp).
/// </summary>
internal sealed class LexiconEvents(LexiconPhraseTable names, IReadOnlyDictionary<string, string> agents)
{
    /// <summary>No names.</summary>
    public static LexiconEvents Empty { get; } = new(new LexiconPhraseTable([]), new Dictionary<string, string>());

    /// <summary>Number of names.</summary>
    public int Count => agents.Count;

    /// <summary>The agent of the first name found in <paramref name="normalizedText"/>, or null.</summary>
    public string? AgentNamedIn(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        if (agents.Count == 0 || normalizedText.Length == 0)
        {
            return null;
        }

        var tokenArray = ArrayPool<LexicalToken>.Shared.Rent(LexicalTokenizer.MaxTokens(normalizedText.Length));
        try
        {
            var span = normalizedText.AsSpan();
            var tokens = new ReadOnlySpan<LexicalToken>(tokenArray, 0, LexicalTokenizer.Tokenize(span, tokenArray));
            for (var i = 0; i < tokens.Length; i++)
            {
                if (names.Longest(span, tokens, i) is { } name && agents.TryGetValue(name.Text, out var agent))
                {
                    return agent;
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<LexicalToken>.Shared.Return(tokenArray);
        }
    }
}
