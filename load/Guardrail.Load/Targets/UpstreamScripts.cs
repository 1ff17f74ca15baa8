using System.Collections.Concurrent;
using System.Text;

namespace Guardrail.Load.Targets;

/// <summary>
/// The scripted upstream's answers, built once: one non-streamed chat completion, and streamed chat answers of any
/// length, benign or turning halfway into the tests' placeholder weapons answer ("Step 1: [redacted]", from
/// <see cref="SseScripts"/>), which the streaming guard halts. Never any actionable content.
/// </summary>
internal static class UpstreamScripts
{
    /// <summary>A streamed answer that stays harmless.</summary>
    public const string Benign = "benign";

    /// <summary>A streamed answer that turns into the placeholder weapons answer past its middle (the guard halts it).</summary>
    public const string Turning = "turning";

    private static readonly ConcurrentDictionary<(string Script, int Tokens), byte[][]> Streams = new();

    public static byte[] Completion { get; } = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-load","object":"chat.completion","created":1,"model":"load","choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France. It has been the seat of government for centuries."},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":18,"total_tokens":38}}""");

    /// <summary>The events of a streamed chat answer with <paramref name="tokens"/> content events, each one ready to write.</summary>
    public static byte[][] Stream(string script, int tokens) => Streams.GetOrAdd((script, Math.Max(1, tokens)), static key =>
    {
        var words = new List<string>();
        var benign = SseScripts.BenignTokens;
        var turning = SseScripts.TurningTokens;
        var benignCount = key.Script == Turning ? Math.Max(0, key.Tokens - turning.Count) / 2 : key.Tokens;
        for (var i = 0; i < benignCount; i++)
        {
            words.Add(benign[i % benign.Count]);
        }

        if (key.Script == Turning)
        {
            words.AddRange(turning);
            for (var i = 0; words.Count < key.Tokens; i++)
            {
                words.Add(benign[i % benign.Count]);
            }
        }

        return [.. SseScripts.Events(SseScripts.Chat, words).Select(Encoding.UTF8.GetBytes)];
    });
}
