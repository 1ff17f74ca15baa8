using System.Diagnostics;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Normalization;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Classification;

/// <summary>
/// The one screening path for requests and non-streamed answers: normalise every text, run the policy's classifier
/// cascade over every variant, combine scores by maximum, and apply the policy's thresholds and actions.
/// The cascade is the policy's lexical tier followed by every <see cref="ITextClassifier"/> registered in the
/// host's services (later tiers, operator models).
/// </summary>
internal sealed class Screen(GuardrailMetrics metrics, IEnumerable<ITextClassifier> stages)
{
    private readonly ITextClassifier[] _stages = [.. stages];

    /// <summary>Screens the texts of one request. Turns are also judged joined, so a request split across turns is seen whole.</summary>
    public ValueTask<ScreenVerdict> ScreenRequestAsync(GuardPolicy policy, IReadOnlyList<ExtractedText> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(texts);
        return MeasuredAsync("input", policy, texts, context: null, cancellationToken);
    }

    /// <summary>
    /// Screens a model's answer together with the request that produced it: an innocent-looking continuation of a
    /// harmful request is judged in its context.
    /// </summary>
    public ValueTask<ScreenVerdict> ScreenResponseAsync(
        GuardPolicy policy, IReadOnlyList<ExtractedText> output, string? requestContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(output);
        return MeasuredAsync("output", policy, output, requestContext, cancellationToken);
    }

    /// <summary>The <see cref="ScreenVerdict.Error"/> of a screen that ran out of time.</summary>
    public const string DeadlineExceeded = "screen deadline exceeded";

    /// <summary>
    /// Screens one window of a streaming answer with the request's context; the streaming guard calls it every step.
    /// Only the joined text is classified: it contains the window, and each step should read every character once.
    /// </summary>
    public ValueTask<ScreenVerdict> ScreenStreamWindowAsync(GuardPolicy policy, string window, string? requestContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(window);
        var text = requestContext is null ? window : string.Concat(requestContext, "\n", window);
        return MeasuredAsync("stream", policy, [new ExtractedText(TextOrigin.Assistant, "stream", text)], context: null, cancellationToken);
    }

    private async ValueTask<ScreenVerdict> MeasuredAsync(
        string direction, GuardPolicy policy, IReadOnlyList<ExtractedText> texts, string? context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var verdict = await ScreenAsync(policy, texts, context, cancellationToken);
        metrics.RecordDecision(direction, ActionName(verdict.Action), verdict.Category, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return verdict;
    }

    /// <summary>Lower-case action name used in logs and metric tags.</summary>
    public static string ActionName(ScreenAction action) => action switch
    {
        ScreenAction.Allow => "allow",
        ScreenAction.Flag => "flag",
        ScreenAction.Block => "block",
        _ => "undecided",
    };

    /// <summary>The text of the last user turn, used as the context of output screening.</summary>
    public static string? LastUserText(IReadOnlyList<ExtractedText> requestTexts)
    {
        ArgumentNullException.ThrowIfNull(requestTexts);
        for (var i = requestTexts.Count - 1; i >= 0; i--)
        {
            if (requestTexts[i].Origin == TextOrigin.User)
            {
                return requestTexts[i].Text;
            }
        }

        return null;
    }

    private async ValueTask<ScreenVerdict> ScreenAsync(
        GuardPolicy policy, IReadOnlyList<ExtractedText> texts, string? context, CancellationToken cancellationToken)
    {
        // The cascade: the policy's lexical tier on every text, then any further stages registered with the host.
        var stages = _stages.Length == 0 ? [policy.Lexical] : (ITextClassifier[])[policy.Lexical, .. _stages];
        var perStage = new CategoryScores[stages.Length];
        for (var i = 0; i < perStage.Length; i++)
        {
            perStage[i] = new CategoryScores();
        }

        var current = stages[0].Stage;
        try
        {
            // A request split across turns ("how would one make" / "... <agent>") only reads as one text when the
            // turns are joined: once in full with line breaks (the answer is likewise judged joined to its question),
            // and once as the user's turns run together, the way a splitting attack is meant to be read.
            foreach (var text in texts.Select(t => t.Text).Concat(Joins(texts, context)))
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var normalized = TextNormalizer.Normalize(text);
                for (var i = 0; i < stages.Length; i++)
                {
                    current = stages[i].Stage;
                    var error = await ClassifyAsync(stages[i], normalized, perStage[i], cancellationToken);
                    if (error is not null)
                    {
                        return Undecided(current, Combine(perStage), error);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Undecided(current, Combine(perStage), DeadlineExceeded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A stage that throws (a bug, a remote classifier's own timeout) is a stage that could not decide: the
            // policy's failure mode applies, exactly as for an error it reports.
            return Undecided(current, Combine(perStage), "classifier error in stage " + current + ": " + ex.GetType().Name);
        }

        var verdict = Decide(policy, Combine(perStage), stages[0].Stage);
        return verdict.Category is { } category ? verdict with { Stage = DecidingStage(stages, perStage, category) } : verdict;
    }

    private static CategoryScores Combine(CategoryScores[] perStage)
    {
        if (perStage.Length == 1)
        {
            return perStage[0];
        }

        var all = new CategoryScores();
        foreach (var s in perStage)
        {
            all.RaiseAll(s);
        }

        return all;
    }

    /// <summary>The stage whose score for the deciding category is highest (the first such stage on a tie).</summary>
    private static string DecidingStage(ITextClassifier[] stages, CategoryScores[] perStage, string category)
    {
        var best = 0;
        for (var i = 1; i < stages.Length; i++)
        {
            if (perStage[i][category] > perStage[best][category])
            {
                best = i;
            }
        }

        return stages[best].Stage;
    }

    private static async ValueTask<string?> ClassifyAsync(ITextClassifier classifier, NormalizedText normalized, CategoryScores into, CancellationToken ct)
    {
        foreach (var variant in normalized.All())
        {
            ct.ThrowIfCancellationRequested();
            var result = await classifier.ClassifyAsync(variant, ct);
            if (result.Failed)
            {
                return result.Error;
            }

            into.RaiseAll(result.Scores);
        }

        return null;
    }

    private static IEnumerable<string> Joins(IReadOnlyList<ExtractedText> texts, string? context)
    {
        var count = texts.Count + (context is null ? 0 : 1);
        if (count < 2)
        {
            yield break;
        }

        var all = new List<string>(count);
        if (context is not null)
        {
            all.Add(context);
        }

        var userTurns = new List<string>();
        foreach (var t in texts)
        {
            all.Add(t.Text);
            if (t.Origin == TextOrigin.User)
            {
                userTurns.Add(t.Text.TrimEnd(' ', '.', '?', '!', ',', ';', ':'));
            }
        }

        yield return string.Join('\n', all);
        if (userTurns.Count > 1)
        {
            yield return string.Join(' ', userTurns);
        }
    }

    internal static ScreenVerdict Decide(GuardPolicy policy, CategoryScores scores, string stage)
    {
        var action = ScreenAction.Allow;
        string? category = null;
        var score = 0d;
        foreach (var (name, rule) in policy.Categories)
        {
            var s = scores[name];
            var candidate = s >= rule.Threshold ? ToScreenAction(rule.Action) : ScreenAction.Allow;

            // The strongest action wins; among equal actions, the higher score names the category.
            if (candidate > action || (candidate == action && s > score))
            {
                action = candidate;
                category = candidate == ScreenAction.Allow ? null : name;
                score = s;
            }
        }

        return new ScreenVerdict(action, category, score, stage, scores);
    }

    private static ScreenAction ToScreenAction(CategoryAction action) => action switch
    {
        CategoryAction.Block => ScreenAction.Block,
        CategoryAction.Flag => ScreenAction.Flag,
        _ => ScreenAction.Allow,
    };

    private static ScreenVerdict Undecided(string stage, CategoryScores scores, string error)
        => new(ScreenAction.Undecided, null, 0, stage, scores, error);
}
