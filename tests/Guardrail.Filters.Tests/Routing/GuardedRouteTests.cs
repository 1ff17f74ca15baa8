using Guardrail.Filters.Identity;
using Guardrail.Filters.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Guardrail.Filters.Tests.Routing;

public sealed class GuardedRouteTests
{
    private static RouteConfig Route(Dictionary<string, string>? metadata) => new() { RouteId = "r1", ClusterId = "c1", Metadata = metadata };

    [Fact]
    public void NoMetadata_GuardedByTheDefaultPolicy()
    {
        var errors = new List<string>();
        var route = GuardedRoute.From(Route(null), errors);

        Assert.Empty(errors);
        Assert.True(route.Guarded);
        Assert.Null(route.PolicyName);
        Assert.False(route.AllowsAnonymous);
        Assert.Null(route.UpstreamKeySetting);
        Assert.Null(route.UpstreamKeyAsXApiKey);
    }

    [Fact]
    public void EveryKey_ReadIntoTheTypedRoute()
    {
        var errors = new List<string>();
        var route = GuardedRoute.From(Route(new()
        {
            [GuardrailMetadata.PolicyKey] = "strict",
            [AccessMetadata.Anonymous] = "TRUE",
            [AccessMetadata.UpstreamKey] = "OPENAI_API_KEY",
            [AccessMetadata.UpstreamAuth] = "x-api-key",
            [ForwardedHeaders.MetadataKey] = "x-tag",
        }), errors);

        Assert.Empty(errors);
        Assert.Equal(("r1", "strict", true, "OPENAI_API_KEY", (bool?)true, "x-tag"),
            (route.RouteId, route.PolicyName, route.AllowsAnonymous, route.UpstreamKeySetting, route.UpstreamKeyAsXApiKey, route.ForwardHeaders));
    }

    [Fact]
    public void PolicyNone_Unguarded() =>
        Assert.False(GuardedRoute.From(Route(new() { [GuardrailMetadata.PolicyKey] = GuardrailMetadata.Unguarded }), new List<string>()).Guarded);

    [Theory]
    [InlineData(GuardrailMetadata.PolicyKey, " ")]
    [InlineData(AccessMetadata.Anonymous, "yes")]
    [InlineData(AccessMetadata.UpstreamAuth, "basic")]
    public void UnusableValue_IsAConfigError(string key, string value)
    {
        var errors = new List<string>();
        GuardedRoute.From(Route(new() { [key] = value }), errors);

        var error = Assert.Single(errors);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains("r1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_ValidateRoute_ReportsTheErrorToYarp()
    {
        var provider = new GuardrailTransformProvider(new GuardedRoutes());
        var context = new TransformRouteValidationContext
        {
            Services = new ServiceCollection().BuildServiceProvider(),
            Route = Route(new() { [AccessMetadata.Anonymous] = "maybe" }),
        };

        provider.ValidateRoute(context);

        Assert.Single(context.Errors);
    }

    [Fact]
    public void Registry_SameConfigSameRoute_NewConfigParsedAgain()
    {
        var routes = new GuardedRoutes();
        var config = Route(new() { [GuardrailMetadata.PolicyKey] = "a" });

        var added = routes.Add(config);

        Assert.Same(added, routes.Get(config));
        Assert.Equal("b", routes.Get(Route(new() { [GuardrailMetadata.PolicyKey] = "b" })).PolicyName);
    }
}
