using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Pipeline;

/// <summary>Log messages about the parts of an answer around its generated text (headers, error bodies).</summary>
internal static partial class AnswerLog
{
    [LoggerMessage(EventId = 1500, EventName = "AnswerPartWithheld", Level = LogLevel.Warning,
        Message = "The {Part} of the answer to request {RequestId} on route {RouteId} was withheld: {Reason}")]
    public static partial void Withheld(ILogger logger, string part, string requestId, string routeId, string reason);
}
