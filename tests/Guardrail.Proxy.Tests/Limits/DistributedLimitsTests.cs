using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>
/// Two proxy instances sharing a real redis-server on loopback enforce one limit together; a Redis outage gets the
/// configured behaviour, and the proxies recover when it returns.
/// </summary>
public sealed class DistributedLimitsTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private Task<LimitedProxy> Instance(string tenants) => LimitedProxy.StartAsync(tenants, "--redis", _redis.ConnectionString);

    private static async Task<HttpStatusCode> Send(HttpClient client)
    {
        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        return response.StatusCode;
    }

    [Fact]
    public async Task TwoInstances_TwentyRequestsPerMinute_ThirtyRequests_ExactlyTwentySucceed()
    {
        var tenants = LimitedProxy.Tenants("requests_per_minute: 20");
        await using var a = await Instance(tenants);
        await using var b = await Instance(tenants);
        using var clientA = a.Client();
        using var clientB = b.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add(await Send(i % 2 == 0 ? clientA : clientB));
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(!a.Upstream.Requests.IsEmpty && !b.Upstream.Requests.IsEmpty, "both instances served");
        Assert.Equal(20, a.Upstream.Requests.Count + b.Upstream.Requests.Count);
    }

    [Fact]
    public async Task TwoInstances_ConcurrentBurst_StillExactlyTheLimit()
    {
        var tenants = LimitedProxy.Tenants("requests_per_minute: 20");
        await using var a = await Instance(tenants);
        await using var b = await Instance(tenants);
        using var clientA = a.Client();
        using var clientB = b.Client();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Send(i % 2 == 0 ? clientA : clientB)));

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task TwoInstances_ShareOneOutputTokenCap()
    {
        // Each answer of the test upstream uses 7 output tokens: a cap of 35 admits exactly five answers in all.
        var tenants = LimitedProxy.Tenants("output_tokens_per_minute: 35");
        await using var a = await Instance(tenants);
        await using var b = await Instance(tenants);
        using var clientA = a.Client();
        using var clientB = b.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await Send(i % 2 == 0 ? clientA : clientB));
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task TwoInstances_ShareStrikesAndLockout()
    {
        var tenants = LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 2, lockout_seconds: 60 }");
        await using var a = await Instance(tenants);
        await using var b = await Instance(tenants);
        using var clientA = a.Client();
        using var clientB = b.Client();

        using var blockA = await clientA.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        using var blockB = await clientB.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));

        Assert.Equal(HttpStatusCode.BadRequest, blockA.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blockB.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await Send(clientA));
        Assert.Equal(HttpStatusCode.Forbidden, await Send(clientB));
    }

    [Fact]
    public async Task RedisDown_FailClosed_503_ThenRecoversWhenRedisReturns()
    {
        await using var proxy = await Instance(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { enabled: false }\nstore: { on_unavailable: closed }"));
        using var client = proxy.Client();
        Assert.Equal(HttpStatusCode.OK, await Send(client));

        await _redis.StopAsync();
        using var down = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        var downBody = await JsonBody.ReadAsync(down);

        await _redis.RestartAsync();
        var recovered = await Eventually(client, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("server_error", downBody.GetProperty("error").GetProperty("type").GetString());
        Assert.True(recovered, "the proxy did not serve again within 20 s after Redis came back");
    }

    [Fact]
    public async Task RedisDown_LocalFallback_KeepsLocalLimits_ThenSharesAgain()
    {
        await using var proxy = await Instance(LimitedProxy.Tenants("requests_per_minute: 3",
            extra: "strikes: { enabled: false }\nstore: { on_unavailable: local }"));
        using var client = proxy.Client();

        await _redis.StopAsync();
        var down = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            down.Add(await Send(client));
        }

        // The local counters are now spent; only the (empty, restarted) shared store can admit another request.
        await _redis.RestartAsync();
        var recovered = await Eventually(client, HttpStatusCode.OK);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], down);
        Assert.True(recovered, "requests were not counted in Redis again within 20 s after it came back");
    }

    private static async Task<bool> Eventually(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await Send(client) == expected)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
