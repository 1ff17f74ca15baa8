using System.Net;
using System.Text;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Pipeline;

/// <summary>
/// Issue 15, answer side, not streamed, through the real proxy: a misbehaving upstream answers a benign request with a
/// (placeholder) weapons answer in a channel outside the API's text fields — chat <c>choices[].text</c>, logprobs,
/// <c>reasoning_details</c>, annotations, unknown fields, the model field, error and redirect bodies, response headers,
/// Responses call items and root <c>output_text</c>, Anthropic citations and server-tool results. The client never
/// receives it: a 200 answer becomes the API's content-filter answer, an error keeps its status with a neutral body.
/// </summary>
public sealed class SideDoorAnswerFunctionalTests(SideDoorProxyFixture fixture) : IClassFixture<SideDoorProxyFixture>
{
    [Theory]
    [MemberData(nameof(SideDoorScripts.NonStreamedNames), MemberType = typeof(SideDoorScripts))]
    public async Task HiddenHarmfulAnswer_Withheld(string name)
    {
        var answer = SideDoorScripts.NonStreamed[name];
        var proxy = fixture.Proxy;
        proxy.Upstream.Responder = Answering(answer);
        var (path, request) = SideDoorProxyFixture.Request(answer.Api, stream: false);

        using var response = await proxy.Client.PostAsync(path, JsonBody.Of(request));
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(',', h.Value)));

        Assert.DoesNotContain("sarin", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sarin", headers, StringComparison.OrdinalIgnoreCase);
        if (answer.ExpectedStatus == 200)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(answer.Api switch
            {
                SseScripts.Responses => "\"status\":\"incomplete\"",
                SseScripts.Anthropic => "\"stop_reason\":\"refusal\"",
                _ => "\"finish_reason\":\"content_filter\"",
            }, body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(answer.ExpectedStatus, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task BenignErrorBodyAndHeaders_PassedAsTheProviderWroteThem()
    {
        const string Error = """{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}""";
        var answer = new SideDoorScripts.Answer("benign", SseScripts.Chat, 429, "application/json", Error, new Dictionary<string, string> { ["x-ratelimit-remaining-requests"] = "0", ["x-note"] = "Try again in a minute." });
        fixture.Proxy.Upstream.Responder = Answering(answer);
        var (path, request) = SideDoorProxyFixture.Request(SseScripts.Chat, stream: false);

        using var response = await fixture.Proxy.Client.PostAsync(path, JsonBody.Of(request));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(Error, await response.Content.ReadAsStringAsync());
        Assert.Equal("Try again in a minute.", Assert.Single(response.Headers.GetValues("x-note")));
    }

    private static Func<HttpContext, Task> Answering(SideDoorScripts.Answer answer) => async context =>
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        foreach (var (key, value) in answer.Headers)
        {
            context.Response.Headers[key] = value;
        }

        await context.Response.WriteAsync(answer.Body, Encoding.UTF8);
    };
}
