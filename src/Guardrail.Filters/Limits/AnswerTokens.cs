using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Limits;

/// <summary>
/// The output tokens a non-streamed answer is charged: its <c>usage</c> or the proxy's own count of the texts the
/// adapter read from it, whichever is larger. Works on the answer as the response side parsed and read it once.
/// </summary>
internal static class AnswerTokens
{
    public static long Count(JsonElement root, IReadOnlyList<ExtractedText>? adapterTexts, TokenCounter tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        long reported = 0;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            && (usage.TryGetProperty("completion_tokens", out var count) || usage.TryGetProperty("output_tokens", out count))
            && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var value) && value > 0)
        {
            reported = value;
        }

        // The upstream's usage is a claim, not a measurement: a missing, zero or low count (a misbehaving or
        // compromised server) must not let text out uncharged, so the proxy's own count of the text is the floor.
        // A higher report (hidden reasoning tokens) is charged as reported.
        long counted = 0;
        if (adapterTexts is not null)
        {
            foreach (var text in adapterTexts)
            {
                counted += tokens.Count(text.Text);
            }
        }

        return Math.Max(reported, counted);
    }
}
