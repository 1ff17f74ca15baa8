using Guardrail.Filters;
using Yarp.ReverseProxy.Configuration;

namespace Guardrail.Proxy.Hosting;

/// <summary>The routes used when no <c>ReverseProxy</c> section is configured: everything to one upstream, under the default policy.</summary>
internal static class DefaultRoutes
{
    public const string RouteId = "default";
    public const string ClusterId = "upstream";

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) For(string upstream, TimeSpan activityTimeout)
    {
        var route = new RouteConfig
        {
            RouteId = RouteId,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "{**catch-all}" },
            Metadata = new Dictionary<string, string> { [GuardrailMetadata.PolicyKey] = "default" },
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
