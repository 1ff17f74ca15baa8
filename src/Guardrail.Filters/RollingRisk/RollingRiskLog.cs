using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.RollingRisk;

/// <summary>Source-generated log events of the rolling risk.</summary>
internal static partial class RollingRiskLog
{
    [LoggerMessage(EventId = 2400, EventName = "RollingRiskReached", Level = LogLevel.Warning,
        Message = "Request {RequestId} of {Partition}: rolling risk in {Category} reached {Sum} over the last {WindowMinutes} min; decision {Decision}")]
    public static partial void BudgetReached(ILogger logger, string requestId, string partition, string category, string sum, long windowMinutes, string decision);

    [LoggerMessage(EventId = 2402, EventName = "RollingRiskTopicJoined", Level = LogLevel.Warning,
        Message = "Request {RequestId} of {Partition}: read after the client's earlier topic, it scores as {Category}; decision {Decision}")]
    public static partial void TopicJoined(ILogger logger, string requestId, string partition, string category, string decision);

    [LoggerMessage(EventId = 2401, EventName = "RollingRiskUnavailable", Level = LogLevel.Warning,
        Message = "Request {RequestId} of {Partition}: the limit store did not record its rolling risk; judged on its own")]
    public static partial void StoreUnavailable(ILogger logger, string requestId, string partition);
}
