using System.Globalization;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Telemetry;

/// <summary>Writes one screening decision as a structured event (ids, route, category, scores, stage, action — never text).</summary>
internal static class DecisionLog
{
    public static void Write(
        ILogger logger, string direction, ScreenVerdict verdict, GuardPolicy policy, string requestId, string routeId, string api, TimeSpan elapsed)
    {
        if (verdict.Action == ScreenAction.Undecided)
        {
            GuardrailLog.Undecided(logger, direction, requestId, routeId, api, verdict.Error ?? "unknown", policy.OnClassifierError.ToString());
            return;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            GuardrailLog.Decision(logger, direction, Screen.ActionName(verdict.Action), requestId, routeId, api,
                verdict.Category ?? "none", verdict.Score, verdict.Stage, Format(verdict.Scores), elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Scores as <c>category=0.123</c> pairs in a stable order.</summary>
    public static string Format(CategoryScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return string.Join(',', scores.Values
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:F3}")));
    }
}
