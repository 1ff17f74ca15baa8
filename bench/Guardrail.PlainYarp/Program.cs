using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

// Plain YARP with the route and cluster Guardrail's --upstream sets up (one catch-all route, one destination, the same
// activity timeout), no inspection: the baseline of bench/proxy-vs-yarp.sh.
//   dotnet Guardrail.PlainYarp.dll --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:UPSTREAM/
// The same host builder and log levels as Guardrail's (console at Information, Yarp at Warning).
var builder = WebApplication.CreateBuilder(args);
var upstream = builder.Configuration["upstream"] ?? throw new InvalidOperationException("pass --upstream URL");
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
await app.RunAsync();
