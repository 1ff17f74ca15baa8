namespace Guardrail.Filters.Adapters;

/// <summary>
/// A complete response the proxy writes itself (refusal, error, replaced completion): JSON, or a whole server-sent
/// event stream for a refused streaming request.
/// </summary>
internal readonly record struct ApiResponse(int StatusCode, byte[] Body, string ContentType = ApiResponse.JsonContentType)
{
    public const string JsonContentType = "application/json";

    public const string EventStreamContentType = "text/event-stream";
}
