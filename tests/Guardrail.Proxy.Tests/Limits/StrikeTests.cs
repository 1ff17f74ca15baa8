using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>Escalation on clients whose requests the screen keeps blocking.</summary>
public sealed class StrikeTests
{
    [Fact]
    public async Task RepeatedBlocks_SlowDownThenLockOutWith403_EvenForBenignRequests()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { window_seconds: 600, slow_down_after: 1, slow_down_ms: 400, lockout_after: 2, lockout_seconds: 120, lockout_status: 403 }"));
        using var client = proxy.Client();

        using var firstBlock = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        var watch = Stopwatch.StartNew();
        using var secondBlock = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        var slowed = watch.Elapsed;
        using var locked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.BadRequest, firstBlock.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, secondBlock.StatusCode);
        // 400 ms less the timer's granularity: Task.Delay's timers run on the coarse monotonic clock (a kernel tick, up
        // to 4 ms on Linux), so the wait can end a few ms before a Stopwatch reads 400 once the request itself is fast;
        // a client that was not slowed at all would answer in a few ms.
        Assert.True(slowed >= TimeSpan.FromMilliseconds(390), $"second request after a strike took {slowed.TotalMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 60, 120);
        Assert.Equal("permission_error", (await JsonBody.ReadAsync(locked)).GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(proxy.Upstream.Requests);
    }

    [Fact]
    public async Task Lockout429_SurfacesThroughOpenAISdkWithRetryAfter()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 30, lockout_status: 429 }"));
        var chat = new ChatClient("test-model", new ApiKeyCredential(LimitedProxy.Key), new OpenAIClientOptions
        {
            Endpoint = new Uri(proxy.Address, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        var blocked = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(Prompts.Chemical)]));
        var locked = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)]));

        Assert.Equal(400, blocked.Status);
        Assert.Equal(429, locked.Status);
        Assert.True(locked.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retry));
        Assert.InRange(int.Parse(retry!, System.Globalization.CultureInfo.InvariantCulture), 1, 30);
    }

    [Fact]
    public async Task Strikes_AreCountedPerClient()
    {
        const string otherKey = "sk-other-tenant";
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 30 }",
            acmeExtra: $"""
              other:
                keys: [{LimitedProxy.Hash(otherKey)}]
            """));
        using var acme = proxy.Client();
        using var other = proxy.Client(otherKey);

        using var block = await acme.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        using var acmeAfter = await acme.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var otherAfter = await other.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.BadRequest, block.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, acmeAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAfter.StatusCode);
    }
}
