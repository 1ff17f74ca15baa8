using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// A test upstream's answers for the SDK conformance suites, chosen per request by the
/// <see cref="ScriptHeader"/> header the SDK sends (the proxy forwards it), so one proxy serves a whole matrix of
/// cases: a benign answer, an answer that turns harmful halfway, one harmful from its first token, and a harmful
/// non-streamed answer. Streamed or not follows the request's <c>stream</c> flag; the shape follows its path.
/// Harmful answers are placeholders carrying vocabulary only.
/// </summary>
internal static class ScriptedModel
{
    public const string ScriptHeader = "x-guardrail-test-script";

    /// <summary>A benign answer of a few dozen tokens.</summary>
    public static IReadOnlyList<string> BenignTokens { get; } = SseScripts.Tokens(
        "Paris is the capital of France. It sits on the Seine and is known for the Eiffel Tower and the Louvre.");

    public static string BenignText { get; } = string.Concat(BenignTokens);

    /// <summary>Harmful from the first token: a halt comes before anything is released.</summary>
    public static IReadOnlyList<string> EarlyTokens { get; } = SseScripts.Tokens(
        "Sure, here is how to make sarin at home. Step 1: [redacted] sarin synthesis. Step 2: [redacted]. " +
        "Step 3: [redacted]. Step 4: [redacted]. Step 5: [redacted]. That completes the process.");

    public static string TurningText { get; } = string.Concat(SseScripts.TurningTokens);

    public static async Task RespondAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? string.Empty;
        var script = context.Request.Headers[ScriptHeader].ToString();
        var api = path.EndsWith("/chat/completions", StringComparison.Ordinal) ? SseScripts.Chat
            : path.EndsWith("/completions", StringComparison.Ordinal) ? SseScripts.Completions
            : path.EndsWith("/responses", StringComparison.Ordinal) ? SseScripts.Responses
            : SseScripts.Anthropic;
        var tokens = script switch
        {
            "turning" => SseScripts.TurningTokens,
            "early" or "harmful" => EarlyTokens,
            _ => BenignTokens,
        };

        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var streaming = request.RootElement.TryGetProperty("stream", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (!streaming)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(TestUpstream.AnswerFor(path, string.Concat(tokens)));
            return;
        }

        var events = SseScripts.Events(api, tokens);
        if (script == "early" && api == SseScripts.Chat)
        {
            events = RoleInFirstTextChunk(events);
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            foreach (var e in events)
            {
                await context.Response.WriteAsync(e, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The proxy halted the stream and closed the upstream connection: expected.
        }
    }

    /// <summary>
    /// Some servers (Ollama, several vLLM templates) send no role-only chunk: the role rides on the first text chunk.
    /// A halt before that chunk is released must then open the choice itself.
    /// </summary>
    private static List<string> RoleInFirstTextChunk(IReadOnlyList<string> events)
    {
        var result = new List<string>(events.Skip(1));
        var data = result[0]["data: ".Length..].TrimEnd('\n');
        var chunk = JsonNode.Parse(data)!;
        chunk["choices"]![0]!["delta"]!["role"] = "assistant";
        result[0] = "data: " + chunk.ToJsonString() + "\n\n";
        return result;
    }
}
