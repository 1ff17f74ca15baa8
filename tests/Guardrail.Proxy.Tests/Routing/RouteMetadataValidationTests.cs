using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Routing;

/// <summary>Route metadata is validated with YARP's config, once, when it loads: an unusable value stops start-up.</summary>
public sealed class RouteMetadataValidationTests
{
    private static string[] Args(string anonymous) =>
    [
        "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning",
        "--ReverseProxy:Routes:r1:ClusterId=c1", "--ReverseProxy:Routes:r1:Match:Path=/{**rest}",
        "--ReverseProxy:Routes:r1:Metadata:guardrail-anonymous=" + anonymous,
        "--ReverseProxy:Clusters:c1:Destinations:d:Address=http://127.0.0.1:9/",
    ];

    [Fact]
    public async Task AnonymousNeitherTrueNorFalse_ConfigRejectedAtStartup()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var proxy = await ProxyApp.StartAsync(Args("yes"));
        });

        Assert.Contains("guardrail-anonymous", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidMetadata_Starts()
    {
        await using var proxy = await ProxyApp.StartAsync(Args("false"));

        Assert.NotNull(proxy.Address);
    }
}
