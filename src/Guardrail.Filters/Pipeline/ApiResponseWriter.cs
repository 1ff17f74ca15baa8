using Guardrail.Filters.Adapters;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// The one place that writes the proxy's own answers: refusals on input (<see cref="InputRefusal"/>), errors of
/// routing, identity, limits and the upstream (<see cref="ApiErrors"/>), and answers replaced on output. (A halted
/// stream ends inside the stream instead: <see cref="Streaming.GuardedSseStream"/> returns the API's stop events.)
/// </summary>
internal static class ApiResponseWriter
{
    public static async Task WriteAsync(HttpResponse response, ApiResponse answer, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = answer.StatusCode;
        response.ContentType = answer.ContentType;
        if (answer.ContentType == ApiResponse.EventStreamContentType)
        {
            // As the providers' own streams: no intermediary may cache or replay a stream.
            response.Headers.CacheControl = "no-cache";
        }

        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, cancellationToken);
    }
}
