using System.Diagnostics;
using System.Net;
using Anthropic;
using Anthropic.Models.Messages;
using Guardrail.Proxy.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>
/// <c>x-should-retry</c> on limit and lockout answers: the OpenAI and Anthropic SDKs (Node, Python, .NET Anthropic)
/// obey it over their own rule of retrying every 429.
/// </summary>
public sealed class RetryDirectiveTests
{
    private const string ShouldRetry = "x-should-retry";

    [Theory]
    [InlineData(429)]
    [InlineData(403)]
    public async Task Lockout_SaysDoNotRetry(int status)
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: $"strikes: {{ slow_down_after: 0, lockout_after: 1, lockout_seconds: 30, lockout_status: {status} }}"));
        using var client = proxy.Client();

        using var blocked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        using var locked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.False(blocked.Headers.Contains(ShouldRetry));
        Assert.Equal(status, (int)locked.StatusCode);
        Assert.Equal("false", Header(locked, ShouldRetry));
        Assert.NotNull(locked.Headers.RetryAfter);
    }

    [Fact]
    public async Task ShortRequestWindow_LeavesTheRetryToTheSdk()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 1"));
        using var client = proxy.Client();

        using var first = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var limited = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.False(limited.Headers.Contains(ShouldRetry));
    }

    [Fact]
    public async Task DailyWindow_SaysDoNotRetry()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_day: 5"));
        proxy.Upstream.Responder = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":50,"total_tokens":51}}""");
        };
        using var client = proxy.Client();

        using var spent = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var limited = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter!.Delta!.Value > TimeSpan.FromMinutes(1));
        Assert.Equal("false", Header(limited, ShouldRetry));
    }

    [Fact]
    public async Task RequestLargerThanTheWholeBudget_SaysDoNotRetry()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("input_tokens_per_minute: 10"));
        using var client = proxy.Client();

        using var tooLarge = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(string.Join(' ', Enumerable.Repeat("apple", 100))));

        Assert.Equal(HttpStatusCode.TooManyRequests, tooLarge.StatusCode);
        Assert.Equal("false", Header(tooLarge, ShouldRetry));
    }

    [Fact]
    public async Task AnthropicSdkWithDefaultRetries_GivesUpAtOnceWhenLockedOut()
    {
        var logs = new CapturingLoggerProvider();
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
                extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 30, lockout_status: 429 }"),
            services => services.AddSingleton<ILoggerProvider>(logs),
            "--Logging:LogLevel:Guardrail.Filters.Limits=Information");
        var sdk = new AnthropicClient { ApiKey = LimitedProxy.Key, BaseUrl = proxy.Address.ToString().TrimEnd('/') }; // default MaxRetries
        MessageCreateParams Ask(string text) => new() { Model = "claude-test", MaxTokens = 64, Messages = [new UserMessageParam { Content = text }] };

        var refused = await sdk.Messages.Create(Ask(Prompts.Chemical));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => sdk.Messages.Create(Ask(Prompts.Benign)));

        Assert.Equal("refusal", refused.StopReason?.Raw());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the SDK waited {watch.Elapsed} (Retry-After is 30 s)");
        Assert.Single(logs.Entries, e => e.EventId.Name == "RequestLimited");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
