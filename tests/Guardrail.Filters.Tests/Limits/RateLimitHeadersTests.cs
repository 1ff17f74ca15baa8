using Guardrail.Filters.Adapters;
using Guardrail.Filters.Limits;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Tests.Limits;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(20, "20ms")]
    [InlineData(1000, "1s")]
    [InlineData(8640, "8.64s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(3_723_000, "1h2m3s")]
    public void Duration_IsGoStyleLikeOpenAI(long ms, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.Duration(ms));
    }

    [Fact]
    public void OpenAI_WritesRequestsAndTighterTokenLimit_AndReplacesUpstreamHeaders()
    {
        IHeaderDictionary headers = new HeaderDictionary
        {
            ["x-ratelimit-limit-requests"] = "10000",
            ["x-ratelimit-limit-project-tokens"] = "999",
            ["content-type"] = "application/json",
        };
        var snapshot = new RateLimitSnapshot
        {
            Requests = new LimitReading(60, 59, 1000),
            InputTokens = new LimitReading(1000, 900, 6000),
            OutputTokens = new LimitReading(100, 5, 30_000),
            RetryAfter = TimeSpan.FromMilliseconds(1500),
        };

        RateLimitHeaders.Write(headers, ApiFamily.OpenAI, snapshot, Now);

        Assert.Equal("60", headers["x-ratelimit-limit-requests"]);
        Assert.Equal("59", headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("1s", headers["x-ratelimit-reset-requests"]);
        Assert.Equal("100", headers["x-ratelimit-limit-tokens"]);
        Assert.Equal("5", headers["x-ratelimit-remaining-tokens"]);
        Assert.Equal("30s", headers["x-ratelimit-reset-tokens"]);
        Assert.Equal("2", headers["Retry-After"]);
        Assert.Equal("1500", headers["retry-after-ms"]);
        Assert.False(headers.ContainsKey("x-ratelimit-limit-project-tokens"));
        Assert.True(headers.ContainsKey("content-type"));
    }

    [Fact]
    public void Anthropic_WritesItsHeaderNamesWithRfc3339Resets()
    {
        var headers = new HeaderDictionary();
        var snapshot = new RateLimitSnapshot
        {
            Requests = new LimitReading(50, 49, 60_000),
            InputTokens = new LimitReading(1000, 100, 6000),
        };

        RateLimitHeaders.Write(headers, ApiFamily.Anthropic, snapshot, Now);

        Assert.Equal("50", headers["anthropic-ratelimit-requests-limit"]);
        Assert.Equal("49", headers["anthropic-ratelimit-requests-remaining"]);
        Assert.Equal("2026-01-01T12:01:00Z", headers["anthropic-ratelimit-requests-reset"]);
        Assert.Equal("100", headers["anthropic-ratelimit-input-tokens-remaining"]);
        Assert.Equal("100", headers["anthropic-ratelimit-tokens-remaining"]);
        Assert.False(headers.ContainsKey("anthropic-ratelimit-output-tokens-limit"));
        Assert.False(headers.ContainsKey("x-ratelimit-limit-requests"));
    }
}
