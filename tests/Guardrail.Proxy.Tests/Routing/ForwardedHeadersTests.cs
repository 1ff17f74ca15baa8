using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Proxy.Tests.Limits;

namespace Guardrail.Proxy.Tests.Routing;

/// <summary>What of the client's request besides the screened body reaches the upstream (issue 15's credential defects).</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task CookieUnknownHeadersAndQueryKeys_NotForwarded_ApiHeadersAre()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100"));
        using var client = proxy.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions?key=AIza-client-secret&api_key=sk-x&access_token=t&limit=5&api-version=2024-10-21")
        {
            Content = JsonBody.Chat(Prompts.Benign),
        };
        request.Headers.Add("Cookie", "session=client-session-secret");
        request.Headers.Add("X-Internal-Debug", "1");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        request.Headers.Add("OpenAI-Organization", "org-test");
        request.Headers.Add("X-Stainless-Lang", "js");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(proxy.Upstream.Requests);
        Assert.False(received.Headers.ContainsKey("Cookie"));
        Assert.False(received.Headers.ContainsKey("X-Internal-Debug"));
        Assert.False(received.Headers.ContainsKey("X-Forwarded-For"));
        Assert.Equal("org-test", received.Headers["OpenAI-Organization"]);
        Assert.Equal("js", received.Headers["X-Stainless-Lang"]);
        Assert.Equal("Bearer " + LimitedProxy.UpstreamKey, received.Headers["Authorization"]);
        Assert.DoesNotContain("secret", received.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("key=", received.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("token", received.Query, StringComparison.Ordinal);
        Assert.Contains("limit=5", received.Query, StringComparison.Ordinal);
        Assert.Contains("api-version=2024-10-21", received.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnthropicHeaders_ForwardedOnMessages()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100"));
        using var client = proxy.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?x-api-key=sk-ant-client")
        {
            Content = JsonBody.Of("""{"model":"m","max_tokens":50,"messages":[{"role":"user","content":"What is the capital of France?"}]}"""),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "pdfs-2024-09-25");
        request.Headers.Add("Cookie", "a=b");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(proxy.Upstream.Requests);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.Equal("pdfs-2024-09-25", received.Headers["anthropic-beta"]);
        Assert.False(received.Headers.ContainsKey("Cookie"));
        Assert.Equal(string.Empty, received.Query);
    }
}
