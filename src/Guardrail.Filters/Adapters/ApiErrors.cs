using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// The one catalog of the proxy's own error answers (screen, routing, upstream, identity and limits), in the shape the
/// client's SDK expects so it raises its usual exception.
/// </summary>
internal static class ApiErrors
{
    public static ApiResponse Build(ApiFamily family, ApiErrorKind kind, string message)
    {
        var (status, openAIType, openAICode, anthropicType) = Describe(kind);
        var body = family == ApiFamily.Anthropic
            ? WriteAnthropic(anthropicType, message)
            : WriteOpenAI(openAIType, openAICode, message);
        return new ApiResponse(status, body);
    }

    public static int StatusOf(ApiErrorKind kind) => Describe(kind).Status;

    private static (int Status, string OpenAIType, string? OpenAICode, string AnthropicType) Describe(ApiErrorKind kind) => kind switch
    {
        ApiErrorKind.InvalidRequest => (400, "invalid_request_error", "invalid_request", "invalid_request_error"),
        ApiErrorKind.ContentFilter => (400, "invalid_request_error", "content_filter", "invalid_request_error"),
        ApiErrorKind.UnknownEndpoint => (404, "invalid_request_error", "unknown_url", "not_found_error"),
        ApiErrorKind.RequestTooLarge => (413, "invalid_request_error", "request_too_large", "request_too_large"),
        ApiErrorKind.UnsupportedMediaType => (415, "invalid_request_error", "unsupported_media_type", "invalid_request_error"),
        ApiErrorKind.UpstreamUnavailable => (502, "server_error", "upstream_unavailable", "api_error"),
        ApiErrorKind.UpstreamTimeout => (504, "server_error", "upstream_timeout", "api_error"),
        ApiErrorKind.ScreenUnavailable => (503, "server_error", "guardrail_unavailable", "overloaded_error"),
        ApiErrorKind.UnreadableUpstreamResponse => (502, "server_error", "upstream_unreadable", "api_error"),
        ApiErrorKind.Unauthorized => (401, "invalid_request_error", "invalid_api_key", "authentication_error"),
        ApiErrorKind.RequestsLimited => (429, "requests", "rate_limit_exceeded", "rate_limit_error"),
        ApiErrorKind.TokensLimited => (429, "tokens", "rate_limit_exceeded", "rate_limit_error"),
        ApiErrorKind.LockedOut => (403, "permission_error", "access_suspended", "permission_error"),
        ApiErrorKind.LimitStoreUnavailable => (503, "server_error", "rate_limit_store_unavailable", "api_error"),
        ApiErrorKind.Misconfigured => (503, "server_error", "gateway_misconfigured", "api_error"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static byte[] WriteOpenAI(string type, string? code, string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            if (code is null)
            {
                w.WriteNull("code");
            }
            else
            {
                w.WriteString("code", code);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] WriteAnthropic(string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", type);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
