using System.Net;
using System.Net.Sockets;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Pipeline;

public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task UpstreamDown_Answers502InApiShape()
    {
        var closedPort = FreePort();
        await using var proxy = await ProxyApp.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--upstream", $"http://127.0.0.1:{closedPort}/", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unavailable", (await JsonBody.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UpstreamTooSlow_Answers504InApiShape()
    {
        await using var proxy = await GuardedProxy.StartAsync("--Guardrail:UpstreamTimeoutSeconds=1");
        proxy.Upstream.Responder = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            await context.Response.WriteAsync("{}");
        };

        using var response = await proxy.Client.PostAsync("/v1/messages", JsonBody.Of("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var root = await JsonBody.ReadAsync(response);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("api_error", root.GetProperty("error").GetProperty("type").GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
