using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Guardrail.PlainYarp;

/// <summary>
/// Plain YARP with the route and cluster Guardrail's <c>--upstream</c> makes (one catch-all route, one destination, the
/// same activity timeout), the same host builder and log levels, no inspection: the baseline of bench/proxy-vs-yarp.sh
/// (this project's program) and of the load runner's comparisons (linked into it).
/// </summary>
internal static class PlainYarpHost
{
    public static WebApplication Build(string urls, string upstream)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        RouteConfig[] routes = [new() { RouteId = "default", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "upstream",
                Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = upstream } },
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(300) },
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }
}
