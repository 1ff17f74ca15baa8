using System.Globalization;
using System.Runtime.CompilerServices;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Telemetry;

/// <summary>Writes one screening decision as a structured event (ids, route, category, scores, stage, action — never text).</summary>
/// <remarks>
/// A pass (<see cref="ScreenAction.Allow"/>) is logged at Debug, a flag or block at Information, an undecided screen
/// at Warning: at the shipped Information level the console carries what an operator acts on, and the benign
/// requests that are nearly all traffic cost one level test instead of a formatted line (about 2.5 µs each, two per
/// request). Every decision is still counted (<c>guardrail.decisions</c>) and shown in the console's feed, and the
/// audit trail listens at Debug, so it still records every one.
/// </remarks>
internal static class DecisionLog
{
    /// <summary>The level of a decision's log event: Debug for a pass, Information otherwise.</summary>
    public static LogLevel LevelOf(ScreenAction action) => action == ScreenAction.Allow ? LogLevel.Debug : LogLevel.Information;

    public static void Write(
        ILogger logger, string direction, ScreenVerdict verdict, GuardPolicy policy, string requestId, string routeId, string api, TimeSpan elapsed)
    {
        if (verdict.Action == ScreenAction.Undecided)
        {
            GuardrailLog.Undecided(logger, direction, requestId, routeId, api, verdict.Error ?? "unknown", policy.OnClassifierError.ToString());
            return;
        }

        var level = LevelOf(verdict.Action);
        if (logger.IsEnabled(level))
        {
            GuardrailLog.Decision(logger, level, direction, Screen.ActionName(verdict.Action), requestId, routeId, api,
                verdict.Category ?? "none", verdict.Score, verdict.Stage, Format(verdict.Scores), elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Adds a decision to the admin console's feed (ids, scores and stage; the text is not passed in).</summary>
    public static void Record(DecisionFeed feed, string direction, ScreenVerdict verdict, string requestId, string routeId, string api, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!feed.Enabled)
        {
            return;
        }

        feed.Add(new DecisionRecord(DateTimeOffset.UtcNow, requestId, routeId, api, direction, Screen.ActionName(verdict.Action),
            verdict.Category ?? "none", verdict.Score, verdict.Stage, elapsed.TotalMilliseconds));
    }

    /// <summary>Scores as <c>category=0.123</c> pairs in a stable order.</summary>
    public static string Format(CategoryScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);

        // Two lines per request carry this: one buffer and one string, not a sorted sequence and a string per pair.
        var count = scores.Values.Count;
        if (count == 0)
        {
            return string.Empty;
        }

        var pairs = System.Buffers.ArrayPool<KeyValuePair<string, double>>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (var pair in scores.Values)
            {
                pairs[n++] = pair;
            }

            Array.Sort(pairs, 0, n, PairOrder.Instance);
            var text = new DefaultInterpolatedStringHandler(n * 2, n, CultureInfo.InvariantCulture, stackalloc char[256]);
            for (var i = 0; i < n; i++)
            {
                if (i > 0)
                {
                    text.AppendLiteral(",");
                }

                text.AppendFormatted(pairs[i].Key);
                text.AppendLiteral("=");
                text.AppendFormatted(pairs[i].Value, "F3");
            }

            return text.ToStringAndClear();
        }
        finally
        {
            System.Buffers.ArrayPool<KeyValuePair<string, double>>.Shared.Return(pairs, clearArray: true);
        }
    }
}
