using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// The answer to a request the input screen blocked, in the shape the client's SDK reads for that request. A
/// <c>stream: true</c> request refused in-band gets a whole event stream (the API's opening, then its content-filter
/// stop): the SDKs parse a streaming request's body as server-sent events whatever its content type, so a plain JSON
/// refusal reaches them as a stream with no events ("request ended without sending any chunks"). Under the error
/// policy every request gets the provider's HTTP 400, streamed or not, which is what OpenAI and Azure OpenAI send for
/// a filtered prompt and what the SDKs raise as an API error before reading any stream.
/// </summary>
internal static class InputRefusal
{
    public static ApiResponse Build(IApiAdapter adapter, bool asError, bool streaming, string? model, string requestId)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (asError || !streaming)
        {
            return adapter.BuildInputRefusal(asError, model, requestId);
        }

        // APIs whose streams are not inspected (none today stream without an assembler) keep the JSON refusal.
        var stream = adapter.CreateStreamAssembler(model, requestId);
        return stream is null
            ? adapter.BuildInputRefusal(asError, model, requestId)
            : new ApiResponse(200, stream.BuildInputRefusal(), ApiResponse.EventStreamContentType);
    }
}
