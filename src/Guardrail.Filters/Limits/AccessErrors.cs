using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Limits;

/// <summary>
/// The error bodies of identity and limits, in the provider's shape so SDKs raise their usual exceptions:
/// 401 authentication, 403 permission, 429 rate limit, 503 store unavailable.
/// </summary>
internal static class AccessErrors
{
    public static ApiResponse Unauthorized(ApiFamily family, string message) =>
        Build(family, 401, "invalid_request_error", "invalid_api_key", "authentication_error", message);

    /// <summary>429 for a request or concurrency limit (<c>type: requests</c> in OpenAI's shape).</summary>
    public static ApiResponse RequestsLimited(ApiFamily family, string message) =>
        Build(family, 429, "requests", "rate_limit_exceeded", "rate_limit_error", message);

    /// <summary>429 for a token or byte limit (<c>type: tokens</c>).</summary>
    public static ApiResponse TokensLimited(ApiFamily family, string message) =>
        Build(family, 429, "tokens", "rate_limit_exceeded", "rate_limit_error", message);

    public static ApiResponse LockedOut(ApiFamily family, int status, string message) => status == 403
        ? Build(family, 403, "permission_error", "access_suspended", "permission_error", message)
        : Build(family, 429, "requests", "rate_limit_exceeded", "rate_limit_error", message);

    public static ApiResponse StoreUnavailable(ApiFamily family, string message) =>
        Build(family, 503, "server_error", "rate_limit_store_unavailable", "api_error", message);

    public static ApiResponse Misconfigured(ApiFamily family, string message) =>
        Build(family, 503, "server_error", "gateway_misconfigured", "api_error", message);

    private static ApiResponse Build(ApiFamily family, int status, string openAIType, string openAICode, string anthropicType, string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (family == ApiFamily.Anthropic)
            {
                w.WriteString("type", "error");
                w.WriteStartObject("error");
                w.WriteString("type", anthropicType);
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("error");
                w.WriteString("message", message);
                w.WriteString("type", openAIType);
                w.WriteNull("param");
                w.WriteString("code", openAICode);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return new ApiResponse(status, buffer.ToArray());
    }
}
