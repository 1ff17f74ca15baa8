using Guardrail.Filters.Adapters;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// Who a failed forward is to be blamed on. YARP reports the client's own failures (it went away, it cancelled, its
/// body broke off or was malformed) with their own <see cref="ForwarderError"/> values and a 4xx status
/// (<c>HttpForwarder.HandleRequestFailureAsync</c> and <c>HandleRequestBodyFailure</c>): those are neither an
/// upstream outage in the logs and metrics nor a 502 "model server could not be reached" to the client.
/// </summary>
internal static partial class ForwarderFailure
{
    /// <summary>
    /// True when the client caused <paramref name="error"/>: a body that broke off while it was read from the client,
    /// a failed write to the client, or a cancellation while the client is gone (<paramref name="clientGone"/>:
    /// <c>HttpContext.RequestAborted</c> fired). A cancellation with the client still there is the forwarder's own.
    /// </summary>
    public static bool IsClientSide(ForwarderError error, bool clientGone) => error switch
    {
        ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient => true,
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled => clientGone,
        _ => false,
    };

    /// <summary>
    /// The answer to a client whose request body could not be read, with the status YARP chose for it when that is a
    /// client error (400, 408 for a body too slow, 413 for one too large), else 400.
    /// </summary>
    public static ApiResponse ClientError(ApiFamily family, int forwarderStatus)
    {
        var answer = ApiErrors.Build(family, ApiErrorKind.InvalidRequest, "The request body could not be read: it broke off or was malformed.");
        return forwarderStatus is >= 400 and < 500 ? answer with { StatusCode = forwarderStatus } : answer;
    }

    /// <summary>The failure's kind for the client when the upstream is to blame: 504 for a timeout, else 502.</summary>
    public static (ApiErrorKind Kind, string Message) UpstreamError(ForwarderError error) => error is ForwarderError.RequestTimedOut
        ? (ApiErrorKind.UpstreamTimeout, "The model server did not answer in time.")
        : (ApiErrorKind.UpstreamUnavailable, "The model server could not be reached.");

    [LoggerMessage(EventId = 1006, EventName = "ClientFailed", Level = LogLevel.Information,
        Message = "Request {RequestId} on route {RouteId} ended by the client while forwarding: {Error}")]
    public static partial void LogClientFailed(ILogger logger, string requestId, string routeId, string error);
}
