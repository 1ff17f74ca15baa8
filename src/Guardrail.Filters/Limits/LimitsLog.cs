using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Limits;

/// <summary>Source-generated log events for limits, egress caps, strikes and the shared store.</summary>
internal static partial class LimitsLog
{
    [LoggerMessage(EventId = 2100, EventName = "RequestLimited", Level = LogLevel.Information,
        Message = "Request {RequestId} of {Partition} on route {RouteId} refused with {StatusCode}: {Limit}; retry after {RetryAfterSeconds} s")]
    public static partial void Limited(ILogger logger, string requestId, string partition, string routeId, int statusCode, string limit, long retryAfterSeconds);

    [LoggerMessage(EventId = 2101, EventName = "StrikeRecorded", Level = LogLevel.Warning,
        Message = "Strike against {Partition} for blocked request {RequestId} on route {RouteId}: {Strikes} in the last {WindowSeconds} s; decision {Decision}")]
    public static partial void Strike(ILogger logger, string partition, string requestId, string routeId, long strikes, long windowSeconds, string decision);

    [LoggerMessage(EventId = 2102, EventName = "ClientLockedOut", Level = LogLevel.Warning,
        Message = "{Partition} locked out for {LockoutSeconds} s after {Strikes} strikes; requests are answered {StatusCode}")]
    public static partial void LockedOut(ILogger logger, string partition, long lockoutSeconds, long strikes, int statusCode);

    [LoggerMessage(EventId = 2103, EventName = "ClientSlowedDown", Level = LogLevel.Information,
        Message = "Request {RequestId} of {Partition} delayed {DelayMs} ms: {Strikes} recent strikes")]
    public static partial void SlowedDown(ILogger logger, string requestId, string partition, long delayMs, long strikes);

    [LoggerMessage(EventId = 2104, EventName = "OutputClamped", Level = LogLevel.Debug,
        Message = "Request {RequestId} of {Partition}: output maximum set to {Allowance} tokens (what the tenant has left)")]
    public static partial void Clamped(ILogger logger, string requestId, string partition, long allowance);

    [LoggerMessage(EventId = 2105, EventName = "StrikeExempt", Level = LogLevel.Information,
        Message = "No strike against {Partition} for blocked request {RequestId} on route {RouteId}: loopback clients are exempt while the demo model serves")]
    public static partial void StrikeExempt(ILogger logger, string partition, string requestId, string routeId);

    [LoggerMessage(EventId = 2110, EventName = "LimitStoreUnavailable", Level = LogLevel.Error,
        Message = "The shared limit store (Redis) cannot be reached; {Behaviour} until it is back")]
    public static partial void StoreUnavailable(ILogger logger, string behaviour);

    [LoggerMessage(EventId = 2111, EventName = "LimitStoreRecovered", Level = LogLevel.Information,
        Message = "The shared limit store (Redis) is reachable again; limits are shared across instances again")]
    public static partial void StoreRecovered(ILogger logger);

    [LoggerMessage(EventId = 2106, EventName = "StrikeFailed", Level = LogLevel.Warning,
        Message = "A strike for request {RequestId} could not be recorded: {Error}")]
    public static partial void StrikeFailed(ILogger logger, string requestId, string error);
}
