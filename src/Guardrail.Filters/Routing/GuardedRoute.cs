using Guardrail.Filters.Identity;
using Yarp.ReverseProxy.Configuration;

namespace Guardrail.Filters.Routing;

/// <summary>
/// What a route's <c>Metadata</c> says to Guardrail, read and validated once per route config (by
/// <see cref="GuardrailTransformProvider"/>) instead of looked up by string key on every request: whether the route
/// is guarded, its policy, whether anonymous clients may call it, the upstream credential and extra headers.
/// Immutable; a route config change builds a new one.
/// </summary>
internal sealed class GuardedRoute
{
    private GuardedRoute(string routeId)
    {
        RouteId = routeId;
    }

    public string RouteId { get; }

    /// <summary>False for <c>guardrail-policy: none</c>: the request is forwarded untouched.</summary>
    public bool Guarded { get; private init; } = true;

    /// <summary>The policy the route names; null for the default policy.</summary>
    public string? PolicyName { get; private init; }

    /// <summary><c>guardrail-anonymous: true</c>: clients without a known key are served (by address).</summary>
    public bool AllowsAnonymous { get; private init; }

    /// <summary>The configuration key of the provider key to inject upstream; null to inject none.</summary>
    public string? UpstreamKeySetting { get; private init; }

    /// <summary>How the provider key is sent: true <c>x-api-key</c>, false <c>Authorization: Bearer</c>, null by the request's API.</summary>
    public bool? UpstreamKeyAsXApiKey { get; private init; }

    /// <summary>More request headers the route forwards (<c>guardrail-forward-headers</c>, comma-separated); null for none.</summary>
    public string? ForwardHeaders { get; private init; }

    /// <summary>Reads <paramref name="route"/>'s metadata; every value it cannot use is added to <paramref name="errors"/>.</summary>
    public static GuardedRoute From(RouteConfig route, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(errors);
        var metadata = route.Metadata;
        string? Read(string key) => metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;

        var policy = Read(GuardrailMetadata.PolicyKey);
        if (policy is not null && string.IsNullOrWhiteSpace(policy))
        {
            errors.Add($"Route '{route.RouteId}': metadata {GuardrailMetadata.PolicyKey} is empty; name a policy, or '{GuardrailMetadata.Unguarded}' to turn screening off.");
        }

        var anonymous = Read(AccessMetadata.Anonymous);
        var allowsAnonymous = string.Equals(anonymous, "true", StringComparison.OrdinalIgnoreCase);
        if (anonymous is not null && !allowsAnonymous && !string.Equals(anonymous, "false", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Route '{route.RouteId}': metadata {AccessMetadata.Anonymous} is '{anonymous}'; expected true or false.");
        }

        var auth = Read(AccessMetadata.UpstreamAuth);
        bool? asXApiKey = auth is null ? null
            : string.Equals(auth, "x-api-key", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(auth, "bearer", StringComparison.OrdinalIgnoreCase) ? false
            : null;
        if (auth is not null && asXApiKey is null)
        {
            errors.Add($"Route '{route.RouteId}': metadata {AccessMetadata.UpstreamAuth} is '{auth}'; expected bearer or x-api-key.");
        }

        var key = Read(AccessMetadata.UpstreamKey);
        return new GuardedRoute(route.RouteId)
        {
            Guarded = !string.Equals(policy, GuardrailMetadata.Unguarded, StringComparison.Ordinal),
            PolicyName = string.IsNullOrWhiteSpace(policy) ? null : policy,
            AllowsAnonymous = allowsAnonymous,
            UpstreamKeySetting = string.IsNullOrWhiteSpace(key) ? null : key,
            UpstreamKeyAsXApiKey = asXApiKey,
            ForwardHeaders = Read(Routing.ForwardedHeaders.MetadataKey),
        };
    }
}
