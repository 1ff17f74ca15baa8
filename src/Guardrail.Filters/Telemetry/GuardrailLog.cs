using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Telemetry;

/// <summary>Structured log events. Decisions carry ids, route, category, scores and stage — never the text screened.</summary>
internal static partial class GuardrailLog
{
    // The level is the caller's: passes at Debug, everything else at Information (DecisionLog.LevelOf).
    [LoggerMessage(EventId = 1000, EventName = "ScreenDecision",
        Message = "Screen {Direction} decision {Action} for request {RequestId} on route {RouteId} ({Api}): category {Category}, score {Score:F3}, stage {Stage}, scores {Scores}, {ElapsedMs:F3} ms")]
    public static partial void Decision(
        ILogger logger, LogLevel level, string direction, string action, string requestId, string routeId, string api,
        string category, double score, string stage, string scores, double elapsedMs);

    [LoggerMessage(EventId = 1001, EventName = "ScreenUndecided", Level = LogLevel.Warning,
        Message = "Screen {Direction} could not decide for request {RequestId} on route {RouteId} ({Api}): {Error}; failing {FailureMode}")]
    public static partial void Undecided(ILogger logger, string direction, string requestId, string routeId, string api, string error, string failureMode);

    [LoggerMessage(EventId = 1002, EventName = "RequestRejected", Level = LogLevel.Information,
        Message = "Request {RequestId} on route {RouteId} rejected with {StatusCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, string requestId, string routeId, int statusCode, string reason);

    [LoggerMessage(EventId = 1003, EventName = "PolicyMissing", Level = LogLevel.Error,
        Message = "Route {RouteId} names policy {PolicyName}, which is not loaded; request {RequestId} refused")]
    public static partial void PolicyMissing(ILogger logger, string routeId, string policyName, string requestId);

    /// <summary>
    /// One line per failed forward, instead of the forwarder's exception with its stack trace: a dead upstream is an
    /// operations event (which destination, which request), not a bug in the proxy.
    /// </summary>
    [LoggerMessage(EventId = 1004, EventName = "UpstreamFailed", Level = LogLevel.Warning,
        Message = "Upstream {Destination} failed for request {RequestId} on route {RouteId}: {Error} ({Reason})")]
    public static partial void UpstreamFailed(ILogger logger, string requestId, string routeId, string destination, string error, string reason);

    [LoggerMessage(EventId = 1005, EventName = "OutputUnreadable", Level = LogLevel.Warning,
        Message = "Output of request {RequestId} on route {RouteId} could not be screened: {Reason}; failing {FailureMode}")]
    public static partial void OutputUnreadable(ILogger logger, string requestId, string routeId, string reason, string failureMode);
}
