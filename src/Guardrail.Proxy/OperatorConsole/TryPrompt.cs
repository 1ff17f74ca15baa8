using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;

namespace Guardrail.Proxy.OperatorConsole;

/// <summary>
/// The console's try-a-prompt: one text through the full screen (normaliser, lexical tier, model tiers) of a policy,
/// answered with every stage's own scores. Admin-only; the text is neither logged, counted nor kept.
/// </summary>
internal static class TryPrompt
{
    /// <summary>Longest text the panel judges (a prompt, not a document).</summary>
    public const int MaxChars = 32 * 1024;

    public static async Task<IResult> RunAsync(TryPromptRequest? request, IServiceProvider proxy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (request?.Text is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return Results.Json(new { error = "text is required" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (text.Length > MaxChars)
        {
            return Results.Json(new { error = $"text is longer than {MaxChars} characters" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var store = proxy.GetRequiredService<PolicyStore>();
        GuardPolicy? policy = null;
        if (request.Policy is { Length: > 0 } name)
        {
            store.TryGet(name, out policy);
        }
        else if (store.IsReady)
        {
            policy = store.Default;
        }

        if (policy is null)
        {
            return Results.Json(new { error = "no such policy" }, statusCode: StatusCodes.Status404NotFound);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(policy.ScreenTimeout);
        var verdict = await proxy.GetRequiredService<Screen>().EvaluateAsync(policy, [new ExtractedText(TextOrigin.User, "console", text)], deadline.Token);
        return Results.Json(new
        {
            policy = policy.Name,
            action = Screen.ActionName(verdict.Action),
            category = verdict.Category,
            score = Math.Round(verdict.Score, 4),
            stage = verdict.Stage,
            escalated = verdict.Escalated,
            error = verdict.Error,
            thresholds = policy.Categories.ToDictionary(c => c.Key, c => new { threshold = c.Value.Threshold, action = c.Value.Action.ToString().ToLowerInvariant() }),
            stages = verdict.StageScores.Select(s => new
            {
                stage = s.Key,
                scores = s.Value.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
            }),
        });
    }
}
