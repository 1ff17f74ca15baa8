using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Identity;

/// <summary>Finds the API key a client presents: <c>Authorization: Bearer KEY</c>, or <c>x-api-key: KEY</c> (Anthropic's header).</summary>
internal static class ApiKeyReader
{
    /// <summary>The headers that carry client credentials; none of them is ever forwarded upstream.</summary>
    public static readonly string[] CredentialHeaders = ["Authorization", "x-api-key", "api-key", "Proxy-Authorization"];

    /// <summary>The presented key, or null when the request carries none.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0 && authorization[0] is { } value)
        {
            var span = value.AsSpan().Trim();
            if (span.Length > 7 && span[..7].Equals("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var key = span[7..].Trim();
                return key.IsEmpty ? null : key.ToString();
            }
        }

        var apiKey = request.Headers["x-api-key"];
        if (apiKey.Count > 0 && !string.IsNullOrWhiteSpace(apiKey[0]))
        {
            return apiKey[0]!.Trim();
        }

        return null;
    }
}
