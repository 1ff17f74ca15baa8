using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>Each limit on the functional host, seen as a client sees it.</summary>
public sealed class RateLimitTests
{
    private static ChatClient Chat(LimitedProxy proxy, string model = "test-model") => new(model, new ApiKeyCredential(LimitedProxy.Key), new OpenAIClientOptions
    {
        Endpoint = new Uri(proxy.Address, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // the SDK would otherwise retry 429s by itself
    });

    private static string Apples(int count) => string.Join(' ', Enumerable.Repeat("apple", count));

    [Fact]
    public async Task RequestsPerMinute_FourthThroughOpenAISdk_Is429WithRetryAfterAndHeaders()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 3"));
        var chat = Chat(proxy);
        var remaining = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)]);
            remaining.Add(ok.GetRawResponse().Headers.TryGetValue("x-ratelimit-remaining-requests", out var r) ? r : null);
            Assert.Equal("3", ok.GetRawResponse().Headers.TryGetValue("x-ratelimit-limit-requests", out var l) ? l : null);
        }

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)]));

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(429, ex.Status);
        var raw = ex.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("0", raw.Headers.TryGetValue("x-ratelimit-remaining-requests", out var left) ? left : null);
        var error = Parse(raw.Content.ToString()).GetProperty("error");
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(3, proxy.Upstream.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_AnthropicShape_429RateLimitErrorWithAnthropicHeaders()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 1"));
        using var client = proxy.Client();

        using var first = await client.SendAsync(AnthropicRequest());
        using var second = await client.SendAsync(AnthropicRequest());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("1", Header(first, "anthropic-ratelimit-requests-limit"));
        Assert.Equal("0", Header(first, "anthropic-ratelimit-requests-remaining"));
        Assert.True(DateTimeOffset.TryParse(Header(first, "anthropic-ratelimit-requests-reset"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        var body = await JsonBody.ReadAsync(second);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task InputTokensPerMinute_SpentWindowAndOversizedRequest_Are429Tokens()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("input_tokens_per_minute: 30"));
        using var client = proxy.Client();

        using var first = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Apples(20)));
        using var second = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Apples(20)));
        using var small = await client.PostAsync("/v1/chat/completions", JsonBody.Chat("hi"));
        using var huge = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Apples(50)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("tokens", (await JsonBody.ReadAsync(second)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode); // what is left still serves a small request
        Assert.Equal(HttpStatusCode.TooManyRequests, huge.StatusCode);
        Assert.Contains("Request too large", (await JsonBody.ReadAsync(huge)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, proxy.Upstream.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentRequests_SecondWhileFirstInFlight_Is429_ThenFree()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("concurrent_requests: 1"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var respond = TestUpstream.Answering(TestUpstream.BenignReply);
        proxy.Upstream.Responder = async context =>
        {
            await release.Task;
            await respond(context);
        };
        using var client = proxy.Client();

        var slow = client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        await WaitUntil(() => !proxy.Upstream.Requests.IsEmpty);
        using var concurrent = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        release.SetResult();
        using var slowResponse = await slow;
        using var after = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.TooManyRequests, concurrent.StatusCode);
        Assert.Contains("concurrent", (await JsonBody.ReadAsync(concurrent)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, slowResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task OutputTokensPerMinute_ClampsMaxTokensToWhatIsLeft_ThenRefusesThroughSdk()
    {
        // The test upstream reports 7 completion tokens per answer.
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 20"));
        var chat = Chat(proxy);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 500 };

        for (var i = 0; i < 3; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)], options);
        }

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)], options));

        var forwarded = proxy.Upstream.Requests.Select(r => MaxTokens(r.Body)).ToList();
        Assert.Equal([20, 13, 6], forwarded);
        Assert.Equal(429, ex.Status);
        Assert.Equal("tokens", Parse(ex.GetRawResponse()!.Content.ToString()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OutputTokensPerMinute_RequestWithoutMaximum_GetsOneInserted()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 100"));
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(proxy.Upstream.Requests);
        Assert.Equal(100, MaxTokens(received.Body));
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
    }

    [Fact]
    public async Task ModelAndRouteLimits_HoldInAdditionToTheTenantLimit()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100", acmeExtra: """
                models:
                  small-model: { requests_per_minute: 1 }
                routes:
                  default: { requests_per_minute: 3 }
            """));

        var small1 = await TryChat(Chat(proxy, "small-model"));
        var small2 = await TryChat(Chat(proxy, "small-model"));
        var other1 = await TryChat(Chat(proxy, "other-model"));
        var other2 = await TryChat(Chat(proxy, "other-model"));
        var other3 = await TryChat(Chat(proxy, "other-model"));

        Assert.Equal([200, 429, 200, 200, 429], new[] { small1, small2, other1, other2, other3 });
    }

    private static async Task<int> TryChat(ChatClient chat)
    {
        try
        {
            await chat.CompleteChatAsync([new UserChatMessage(Prompts.Benign)]);
            return 200;
        }
        catch (ClientResultException ex)
        {
            return ex.Status;
        }
    }

    private static HttpRequestMessage AnthropicRequest() => new(HttpMethod.Post, "/v1/messages")
    {
        Content = JsonBody.Of("""{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"What is the capital of France?"}]}"""),
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static long? MaxTokens(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        foreach (var name in new[] { "max_completion_tokens", "max_tokens" })
        {
            if (doc.RootElement.TryGetProperty(name, out var value))
            {
                return value.GetInt64();
            }
        }

        return null;
    }

    private static JsonElement Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
