using System.Net;
using System.Text;
using System.Text.Json;
using Guardrail.Proxy.Tests.Clients;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>Issue 15's cap and strike defects: string counts, under-reported usage, blocks on output.</summary>
public sealed class SideDoorLimitsTests
{
    [Theory]
    [InlineData("\"100\"")]
    [InlineData("\" 100 \"")]
    [InlineData("100.0")]
    [InlineData("99.5")]
    public async Task ChoiceCountAsStringOrFraction_DividesTheOutputCap(string n)
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 1000"));
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(
            $$"""{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}],"max_tokens":1000,"n":{{n}}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var forwarded = JsonDocument.Parse(Assert.Single(proxy.Upstream.Requests).Body);
        Assert.Equal(10, forwarded.RootElement.GetProperty("max_tokens").GetInt64());
    }

    [Fact]
    public async Task CaseVariantMaximum_IsCappedToo()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 50"));
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(
            """{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}],"Max_Tokens":100000}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var forwarded = JsonDocument.Parse(Assert.Single(proxy.Upstream.Requests).Body);
        Assert.Equal(50, forwarded.RootElement.GetProperty("Max_Tokens").GetInt64());
    }

    [Fact]
    public async Task ChoiceCountThatIsNoNumber_Refused400()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 1000"));
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(
            """{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}],"n":"many"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(proxy.Upstream.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task UnderReportedUsage_ChargedByTheProxysOwnCount(int reported)
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 100"));
        var answer = string.Concat(Enumerable.Repeat("Paris is the capital of France. ", 8));
        proxy.Upstream.Responder = context => Answer(context, answer, reported);
        using var client = proxy.Client();

        using var first = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var second = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var caps = proxy.Upstream.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("max_completion_tokens").GetInt64()).ToList();
        Assert.Equal(100, caps[0]);

        // Eight sentences are 56 tokens: at most 44 are left, whatever the upstream claimed.
        Assert.InRange(caps[1], 1, 50);
    }

    [Fact]
    public async Task AnswerBlockedOnOutput_NotStreamed_IsAStrike()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 60, lockout_status: 403 }"));
        proxy.Upstream.Responder = TestUpstream.Answering(string.Concat(ScriptedModel.EarlyTokens));
        using var client = proxy.Client();

        using var filtered = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        var filteredBody = await filtered.Content.ReadAsStringAsync();
        using var locked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.Contains("content_filter", filteredBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Single(proxy.Upstream.Requests);
    }

    [Fact]
    public async Task StreamHaltedOnOutput_IsAStrike()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 60, lockout_status: 403 }"));
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, ScriptedModel.EarlyTokens, TimeSpan.Zero);
        using var client = proxy.Client();
        var streamed = JsonSerializer.Serialize(new { model = "m", stream = true, messages = new[] { new { role = "user", content = Prompts.Benign } } });

        using var halted = await client.PostAsync("/v1/chat/completions", JsonBody.Of(streamed));
        Assert.Contains("content_filter", await halted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The strike is recorded off the stream's read path: poll a bounded number of times.
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.Forbidden; attempt++)
        {
            using var next = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            status = next.StatusCode;
            if (status != HttpStatusCode.Forbidden)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    private static Task Answer(HttpContext context, string text, int completionTokens)
    {
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-up1", @object = "chat.completion", created = 1700000000, model = "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 5, completion_tokens = completionTokens, total_tokens = 5 + completionTokens },
        });
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }
}
