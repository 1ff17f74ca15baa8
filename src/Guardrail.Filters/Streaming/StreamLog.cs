using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Streaming;

/// <summary>Log events of the streaming guard (ids, categories, scores and positions — never text).</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 1100, EventName = "StreamHalted", Level = LogLevel.Information,
        Message = "Stream halted for request {RequestId} on route {RouteId} ({Api}): {Reason}, category {Category}, score {Score:F3}, stage {Stage}, after {OutputChars} output chars, {Windows} windows, {ReleasedBytes} bytes released")]
    public static partial void Halted(ILogger logger, string requestId, string routeId, string api, string reason, string category,
        double score, string stage, long outputChars, int windows, long releasedBytes);

    [LoggerMessage(EventId = 1101, EventName = "StreamFlagged", Level = LogLevel.Information,
        Message = "Stream flagged for request {RequestId} on route {RouteId} ({Api}): category {Category}, score {Score:F3}, after {OutputChars} output chars")]
    public static partial void Flagged(ILogger logger, string requestId, string routeId, string api, string category, double score, long outputChars);

    [LoggerMessage(EventId = 1102, EventName = "StreamUndecided", Level = LogLevel.Warning,
        Message = "Stream window for request {RequestId} on route {RouteId} could not be judged: {Error}; failing {FailureMode}")]
    public static partial void Undecided(ILogger logger, string requestId, string routeId, string error, string failureMode);

    [LoggerMessage(EventId = 1103, EventName = "StreamUpstreamError", Level = LogLevel.Warning,
        Message = "Upstream sent an error event mid-stream for request {RequestId} on route {RouteId}: {Code}")]
    public static partial void UpstreamError(ILogger logger, string requestId, string routeId, string code);

    [LoggerMessage(EventId = 1104, EventName = "StreamIncomplete", Level = LogLevel.Warning,
        Message = "Upstream closed mid-event for request {RequestId} on route {RouteId}; the partial event ({Bytes} bytes) was dropped unjudged")]
    public static partial void Incomplete(ILogger logger, string requestId, string routeId, int bytes);

    [LoggerMessage(EventId = 1106, EventName = "StreamLengthStop", Level = LogLevel.Information,
        Message = "Stream for request {RequestId} on route {RouteId} ({Api}) ended with the length signal: the client's output cap is reached after {OutputChars} output chars")]
    public static partial void LengthStop(ILogger logger, string requestId, string routeId, string api, long outputChars);

    [LoggerMessage(EventId = 1105, EventName = "StreamCompleted", Level = LogLevel.Debug,
        Message = "Stream for request {RequestId} completed: {OutputChars} output chars, {Windows} windows, max score {MaxScore:F3}")]
    public static partial void Completed(ILogger logger, string requestId, long outputChars, int windows, double maxScore);
}
