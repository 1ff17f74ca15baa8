using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Configuration;

namespace Guardrail.Filters.Routing;

/// <summary>
/// The <see cref="GuardedRoute"/> of each live route config, filled when YARP builds the route's transforms
/// (<see cref="GuardrailTransformProvider"/>) and read by the middleware per request. Keyed by the config instance,
/// which YARP keeps for the route's lifetime and replaces on change; weak, so replaced configs are collected.
/// </summary>
internal sealed class GuardedRoutes
{
    private readonly ConditionalWeakTable<RouteConfig, GuardedRoute> _routes = new();

    /// <summary>Records the route's parsed metadata (validated already by YARP's config validation).</summary>
    public GuardedRoute Add(RouteConfig route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var parsed = GuardedRoute.From(route, new List<string>());
        _routes.AddOrUpdate(route, parsed);
        return parsed;
    }

    /// <summary>The route's parsed metadata; parsed now for a route whose transforms Guardrail did not build.</summary>
    public GuardedRoute Get(RouteConfig route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return _routes.TryGetValue(route, out var parsed) ? parsed : _routes.GetValue(route, static r => GuardedRoute.From(r, new List<string>()));
    }
}
