using Guardrail.Filters.Adapters;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Pipeline;

/// <summary>Writes the proxy's own answers.</summary>
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
