using System.Globalization;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.RollingRisk;

/// <summary>
/// A client's requests judged together over a short window (<see cref="RollingRiskSettings"/>), two ways. The topic:
/// a request that asks for something without naming an agent is also screened after the client's latest request that
/// did (<see cref="TopicMemory"/>), so a decomposition sent as separate requests reads as one. The sum: scores in a
/// category's suspicious band add up per client in the limit store, so several instances sharing Redis see one sum,
/// and a client probing just below the threshold is refused once the sum reaches the budget. Requests with no CBRN
/// vocabulary and no suspicious score cost a few microseconds here and never touch the store.
/// </summary>
/// <remarks>
/// The store keeps numbers only (thousandths of a score, per partition and category), never text. A store that
/// cannot be asked leaves the verdict as the screen gave it: the request has already passed the screen on its own,
/// and the limit store's own failure mode (local counters, or refusing) already decided whether it may go on.
/// </remarks>
internal sealed class RiskMeter(ILimitStore store, TopicMemory topics, Screen screen, ILogger<RiskMeter> logger)
{
    /// <summary>The stage a verdict raised by the rolling risk names.</summary>
    public const string Stage = "rolling_risk";

    /// <summary>Counter name prefix inside a client's partition.</summary>
    public const string CounterPrefix = "risk/";

    private const int Segments = 10;

    /// <summary>The store counts integers: thousandths of a score.</summary>
    private const double UnitsPerScore = 1000;

    /// <summary>
    /// Judges the request with its client's recent ones and returns the verdict to act on: the screen's own; the
    /// screen's verdict on the client's topic followed by this request, when that is stronger; or the policy's
    /// rolling-risk action when a suspicious-band sum has reached the budget.
    /// </summary>
    public async ValueTask<ScreenVerdict> ApplyAsync(HttpContext context, GuardPolicy policy, IReadOnlyList<ExtractedText> texts, ScreenVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(verdict);
        var settings = policy.RollingRisk;

        // A block is already a strike, an undecided screen has its own failure mode, and a loopback demo client
        // trying the proxy out is exempt as it is from strikes.
        if (!settings.Enabled
            || verdict.Action is ScreenAction.Block or ScreenAction.Undecided
            || context.Features.Get<ClientAccess>() is not { StrikesExempt: false } access)
        {
            return verdict;
        }

        if (settings.Topics)
        {
            verdict = await WithTopicAsync(context, policy, access, texts, verdict);
            if (verdict.Action is ScreenAction.Block or ScreenAction.Undecided)
            {
                return verdict;
            }
        }

        return await WithSumAsync(policy, access, verdict);
    }

    private async ValueTask<ScreenVerdict> WithTopicAsync(
        HttpContext context, GuardPolicy policy, ClientAccess access, IReadOnlyList<ExtractedText> texts, ScreenVerdict verdict)
    {
        if (Screen.LastUserText(texts) is not { } last || string.IsNullOrWhiteSpace(last))
        {
            return verdict;
        }

        // The screen already read the last user turn: whether it names an agent, and whether it asks for something.
        var window = policy.RollingRisk.Window;
        var (carries, asks) = verdict.LastUser;
        if (carries)
        {
            // The latest text naming an agent is the topic a later pronoun refers to.
            topics.Remember(access.Partition, last, window);
            return verdict;
        }

        if (!asks || topics.Recall(access.Partition, window) is not { } topic || Contains(texts, topic))
        {
            return verdict;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(policy.ScreenTimeout);
        ExtractedText[] joined = [new(TextOrigin.User, "history", topic), new(TextOrigin.User, "last", last)];
        var together = await screen.ScreenRequestAsync(policy, joined, deadline.Token);
        if (together.Action <= verdict.Action)
        {
            return verdict;
        }

        RollingRiskLog.TopicJoined(logger, access.RequestId, access.Partition, together.Category ?? "-", Screen.ActionName(together.Action));
        return together with { Stage = Stage };
    }

    private static bool Contains(IReadOnlyList<ExtractedText> texts, string topic)
    {
        foreach (var t in texts)
        {
            if (string.Equals(t.Text, topic, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<ScreenVerdict> WithSumAsync(GuardPolicy policy, ClientAccess access, ScreenVerdict verdict)
    {
        var settings = policy.RollingRisk;
        List<CounterOp>? ops = null;
        List<string>? categories = null;
        var segmentMs = Math.Max(1, (long)settings.Window.TotalMilliseconds / Segments);
        foreach (var (name, rule) in policy.Categories)
        {
            var score = verdict.Scores[name];
            if (rule.Action == CategoryAction.Allow || score < settings.Floor || score >= rule.Threshold)
            {
                continue;
            }

            var units = (long)Math.Round((score - settings.Floor) * UnitsPerScore);
            if (units <= 0)
            {
                continue;
            }

            (ops ??= []).Add(new CounterOp(CounterPrefix + name, segmentMs, Segments, Limit: 0, units, CounterMode.Force));
            (categories ??= []).Add(name);
        }

        if (ops is null || categories is null)
        {
            return verdict;
        }

        var outcome = await store.ExecuteAsync(new LimitOperation(access.Partition, CheckLockout: false, ops, LimitOperation.NoConcurrency), CancellationToken.None);
        if (outcome.Status != LimitStatus.Ok || outcome.Readings.Count != ops.Count)
        {
            RollingRiskLog.StoreUnavailable(logger, access.RequestId, access.Partition);
            return verdict;
        }

        var budget = (long)Math.Round(settings.Budget * UnitsPerScore);
        string? reached = null;
        long sum = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            if (outcome.Readings[i].Used >= budget && outcome.Readings[i].Used > sum)
            {
                reached = categories[i];
                sum = outcome.Readings[i].Used;
            }
        }

        if (reached is null)
        {
            return verdict;
        }

        var action = settings.Action == CategoryAction.Block ? ScreenAction.Block : ScreenAction.Flag;
        RollingRiskLog.BudgetReached(logger, access.RequestId, access.Partition, reached,
            (sum / UnitsPerScore).ToString("0.00", CultureInfo.InvariantCulture), (long)settings.Window.TotalMinutes, Screen.ActionName(action));
        return action <= verdict.Action
            ? verdict
            : verdict with { Action = action, Category = reached, Score = verdict.Scores[reached], Stage = Stage };
    }
}
