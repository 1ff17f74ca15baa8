using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>Anonymous routes: clients are partitioned by address, and a forged X-Forwarded-For buys nothing.</summary>
public sealed class AnonymousClientTests
{
    private static string Tenants(string trusted) => LimitedProxy.Tenants("requests_per_minute: 100",
        extra: $"""
            strikes: {"{"} enabled: false {"}"}
            anonymous: {"{"} requests_per_minute: 2 {"}"}
            trusted_proxies: {trusted}
            """);

    private static HttpRequestMessage Chat(string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody.Chat(Prompts.Benign) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    [Fact]
    public async Task ForgedForwardedFor_DoesNotGiveAFreshPartition()
    {
        await using var proxy = await LimitedProxy.StartAsync(Tenants("[]"), "--Guardrail:AllowAnonymous=true");
        using var client = proxy.Client(key: null);

        using var first = await client.SendAsync(Chat(null));
        using var second = await client.SendAsync(Chat("203.0.113.1"));
        using var spoofed = await client.SendAsync(Chat("203.0.113.99"));
        using var spoofedChain = await client.SendAsync(Chat("198.51.100.7, 203.0.113.100"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofedChain.StatusCode);
    }

    [Fact]
    public async Task TrustedProxy_ForwardedForSelectsTheClientPartition()
    {
        await using var proxy = await LimitedProxy.StartAsync(Tenants("[127.0.0.1]"), "--Guardrail:AllowAnonymous=true");
        using var client = proxy.Client(key: null);

        using var a1 = await client.SendAsync(Chat("203.0.113.1"));
        using var a2 = await client.SendAsync(Chat("203.0.113.1"));
        using var a3 = await client.SendAsync(Chat("203.0.113.1"));
        using var b1 = await client.SendAsync(Chat("203.0.113.2"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { a1.StatusCode, a2.StatusCode, a3.StatusCode, b1.StatusCode });
    }

    [Fact]
    public async Task AnonymousRoute_UnknownKeyServedAnonymously_KeyNotForwarded()
    {
        await using var proxy = await LimitedProxy.StartAsync(Tenants("[]"), "--Guardrail:AllowAnonymous=true");
        using var client = proxy.Client("sk-some-provider-key-the-client-holds");

        using var response = await client.SendAsync(Chat(null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(proxy.Upstream.Requests);
        Assert.Equal("Bearer " + LimitedProxy.UpstreamKey, received.Headers["Authorization"]);
    }
}
