using System.Net;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>
/// A local first run (<c>--demo</c>, a loopback client) never locks the operator out; behind a real upstream a
/// loopback client is held to strikes like any other.
/// </summary>
public sealed class LoopbackStrikeTests
{
    [Fact]
    public async Task Demo_SixRefusalsWithTheShippedTenantsFile_DoNotLockOutTheLoopbackClient()
    {
        // The shipped tenants file: lockout after 5 strikes for 900 s, slow-down from 3.
        await using var proxy = await ProxyApp.StartAsync(["--demo", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };
        await GuardedProxy.WaitReadyAsync(client);

        var refusals = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var refused = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
            refusals.Add(refused.StatusCode);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var benign = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.All(refusals, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.OK, benign.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the benign request was slowed down ({watch.Elapsed})");
    }

    [Fact]
    public async Task RealUpstream_LoopbackClientIsStillLockedOut()
    {
        var tenants = Path.Combine(Path.GetTempPath(), "guardrail-tenants-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(tenants, "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 30 }\ntenants: {}\n");
        try
        {
            await using var proxy = await GuardedProxy.StartAsync("--tenants", tenants);

            using var refused = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
            using var locked = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
            Assert.Empty(proxy.Upstream.Requests);
        }
        finally
        {
            File.Delete(tenants);
        }
    }
}
