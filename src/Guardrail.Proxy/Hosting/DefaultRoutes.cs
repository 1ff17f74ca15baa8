using Guardrail.Filters;
using Guardrail.Filters.Identity;
using Yarp.ReverseProxy.Configuration;

namespace Guardrail.Proxy.Hosting;

/// <summary>The routes used when no <c>ReverseProxy</c> section is configured: everything to one upstream, under the default policy.</summary>
internal static class DefaultRoutes
{
    public const string RouteId = "default";
    public const string ClusterId = "upstream";

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) For(
        string upstream, TimeSpan activityTimeout, bool allowAnonymous = true, string? upstreamKey = null)
    {
        var metadata = new Dictionary<string, string> { [GuardrailMetadata.PolicyKey] = "default" };

        // Identity: anonymous clients (per-address limits) unless disabled; the provider key the route injects.
        metadata[AccessMetadata.Anonymous] = allowAnonymous ? "true" : "false";
        if (!string.IsNullOrWhiteSpace(upstreamKey))
        {
            metadata[AccessMetadata.UpstreamKey] = upstreamKey;
        }

        var route = new RouteConfig
        {
            RouteId = RouteId,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "{**catch-all}" },
            Metadata = metadata,
        };
        var cluster = new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = upstream } },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = activityTimeout },
        };
        return ([route], [cluster]);
    }
}
