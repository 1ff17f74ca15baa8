using Guardrail.Filters.Identity;
using Guardrail.Filters.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Guardrail.Filters.Routing;

/// <summary>
/// Guardrail's part of YARP's transform building: validates each route's metadata once, when the config loads (an
/// invalid value rejects the config update as YARP does for its own settings), records the typed
/// <see cref="GuardedRoute"/> the middleware reads per request, and adds the guarded routes' transforms: no
/// <c>X-Forwarded-*</c>, no <c>Accept-Encoding</c>, the route's own provider key, and the one response transform.
/// </summary>
internal sealed class GuardrailTransformProvider(GuardedRoutes routes) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<string>();
        GuardedRoute.From(context.Route, errors);
        foreach (var error in errors)
        {
            context.Errors.Add(new ArgumentException(error));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = routes.Add(context.Route);
        if (!route.Guarded)
        {
            return;
        }

        // Client addresses are not the model provider's business; a route that wants them sets X-Forwarded itself.
        context.UseDefaultForwarders = false;

        // YARP forwards Accept-Encoding and never decompresses: a gzip answer could not be screened.
        context.AddRequestHeaderRemove("Accept-Encoding");

        // Identity hook: client credentials never reach the upstream, the route's own key is injected.
        context.AddRequestTransform(UpstreamCredentialTransform.ApplyAsync);

        // One response path: the answer is read, parsed and text-extracted once for the egress meter and the screen.
        context.AddResponseTransform(context.Services.GetRequiredService<OutputScreenTransform>().ApplyAsync);
    }
}
