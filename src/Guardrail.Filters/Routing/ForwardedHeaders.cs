using Guardrail.Filters.Adapters;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Guardrail.Filters.Routing;

/// <summary>
/// What of a client's request reaches the upstream besides the screened body: an allow-list of headers per API
/// (everything else, cookies and method overrides included, is dropped) and a query string without credentials.
/// Applied to the incoming request just before YARP copies it, so a route's own header transforms still apply.
/// </summary>
internal static class ForwardedHeaders
{
    /// <summary>Route metadata: more request headers (comma-separated) the route forwards.</summary>
    public const string MetadataKey = "guardrail-forward-headers";

    // Content negotiation, tracing and the SDKs' own headers. Credentials stay in this list only so that
    // UpstreamCredentialTransform sees and removes them (it injects the route's key instead).
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Accept", "Accept-Language", "User-Agent", "traceparent", "tracestate",
        "Idempotency-Key", "X-Request-Id", "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers",
        "Authorization", "x-api-key", "api-key", "Proxy-Authorization",
    };

    private static readonly HashSet<string> OpenAI = new(StringComparer.OrdinalIgnoreCase)
    {
        "OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta",
    };

    private static readonly HashSet<string> Anthropic = new(StringComparer.OrdinalIgnoreCase)
    {
        "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
    };

    // Query keys that carry credentials (Google-style ?key=, Azure SAS, bearer tokens) or override the method.
    private static readonly string[] CredentialQueryWords = ["key", "token", "secret", "auth", "password", "passwd", "credential", "signature", "sig"];

    /// <summary>
    /// Drops every request header not on the API's list, <paramref name="extra"/> or the route's
    /// <see cref="MetadataKey"/> (<paramref name="routeExtra"/>, as <see cref="GuardedRoute.ForwardHeaders"/> read it), and every
    /// query parameter that looks like a credential or a method override.
    /// Returns how many were dropped (for the log).
    /// </summary>
    public static int Apply(HttpRequest request, ApiFamily family, IReadOnlyCollection<string> extra, string? routeExtra)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(extra);
        var apiHeaders = family == ApiFamily.Anthropic ? Anthropic : OpenAI;
        var dropped = new List<string>();
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            if (Common.Contains(name) || apiHeaders.Contains(name)
                || name.StartsWith("x-stainless-", StringComparison.OrdinalIgnoreCase)
                || extra.Contains(name, StringComparer.OrdinalIgnoreCase)
                || ListContains(routeExtra, name))
            {
                continue;
            }

            dropped.Add(name);
        }

        foreach (var name in dropped)
        {
            request.Headers.Remove(name);
        }

        return dropped.Count + StripQuery(request);
    }

    /// <summary>True when a query parameter named <paramref name="name"/> is not forwarded.</summary>
    public static bool IsDroppedQueryKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains("method", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var word in CredentialQueryWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int StripQuery(HttpRequest request)
    {
        if (!request.QueryString.HasValue)
        {
            return 0;
        }

        var kept = new List<KeyValuePair<string, StringValues>>();
        var dropped = 0;
        foreach (var pair in request.Query)
        {
            if (IsDroppedQueryKey(pair.Key))
            {
                dropped++;
                continue;
            }

            kept.Add(pair);
        }

        if (dropped > 0)
        {
            request.QueryString = QueryString.Create(kept);
        }

        return dropped;
    }

    private static bool ListContains(string? commaSeparated, string name)
    {
        if (string.IsNullOrEmpty(commaSeparated))
        {
            return false;
        }

        foreach (var item in commaSeparated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
