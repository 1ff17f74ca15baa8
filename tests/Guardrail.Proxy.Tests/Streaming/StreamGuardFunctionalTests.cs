using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;
using OpenAI;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace Guardrail.Proxy.Tests.Streaming;

/// <summary>Streams from a scripted upstream through the real proxy to the official SDKs, token by token with delays.</summary>
public sealed class StreamGuardFunctionalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TokenDelay = TimeSpan.FromMilliseconds(10);

    private static ChatClient Chat(GuardedProxy proxy) => new(
        "test-model",
        new ApiKeyCredential("sk-test"),
        new OpenAIClientOptions { Endpoint = new Uri(proxy.Address, "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

    [Fact]
    public async Task BenignStream_Holdback_OpenAISdkGetsTheWholeText()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.BenignTokens, TokenDelay);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Chat(proxy).CompleteChatStreamingAsync([new UserChatMessage("Tell me about Paris.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(string.Concat(SseScripts.BenignTokens), text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task BenignStream_Optimistic_ByteIdenticalThroughTheProxy()
    {
        await using var proxy = await GuardedProxy.StartAsync([], t => t.Edit("mode: holdback", "mode: optimistic"), null);
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Anthropic, SseScripts.BenignTokens, TokenDelay);
        var request = """{"model":"m","max_tokens":500,"stream":true,"messages":[{"role":"user","content":"Tell me about Paris."}]}""";

        using var response = await proxy.Client.PostAsync("/v1/messages", JsonBody.Of(request));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestUpstream.StreamBody(SseScripts.Anthropic, SseScripts.BenignTokens), body);
    }

    [Fact]
    public async Task TurningStream_OpenAISdkReportsContentFilterAndUpstreamIsCut()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.TurningTokens, TokenDelay);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        long haltSeenAt = 0;
        await foreach (var update in Chat(proxy).CompleteChatStreamingAsync([new UserChatMessage("Tell me about chemistry.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            if (update.FinishReason is { } reason)
            {
                finish = reason;
                haltSeenAt = Stopwatch.GetTimestamp();
            }
        }

        Assert.Equal(ChatFinishReason.ContentFilter, finish);
        Assert.DoesNotContain(SseScripts.ViolationMarker, text.ToString(), StringComparison.OrdinalIgnoreCase);
        var probe = proxy.Upstream.LastStream!;
        await probe.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(probe.Aborted, "the upstream should see its connection closed");
        Assert.True(probe.EventsWritten < probe.EventsTotal);
        var lag = Stopwatch.GetElapsedTime(haltSeenAt, probe.AbortedAt);
        output.WriteLine($"upstream saw the abort {lag.TotalMilliseconds:F1} ms after the client saw the halt; {probe.EventsWritten}/{probe.EventsTotal} events written");
        Assert.True(lag < TimeSpan.FromSeconds(1), $"upstream noticed the halt only after {lag.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task TurningStream_AnthropicSdkReportsRefusal()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Anthropic, SseScripts.TurningTokens, TokenDelay);
        var client = new AnthropicClient { ApiKey = "sk-ant-test", BaseUrl = proxy.Address.ToString().TrimEnd('/'), MaxRetries = 0 };
        var request = new MessageCreateParams
        {
            Model = "claude-test",
            MaxTokens = 500,
            Messages = [new UserMessageParam { Content = "Tell me about chemistry." }],
        };

        var text = new StringBuilder();
        string? stopReason = null;
        var stopped = false;
        await foreach (var ev in client.Messages.CreateStreaming(request))
        {
            if (ev.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }

            if (ev.TryPickDelta(out var messageDelta))
            {
                stopReason = messageDelta.Delta.StopReason?.Raw();
            }

            stopped |= ev.TryPickStop(out _);
        }

        Assert.Equal("refusal", stopReason);
        Assert.True(stopped);
        Assert.DoesNotContain(SseScripts.ViolationMarker, text.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TurningStream_ResponsesApiEndsWithResponseIncomplete()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Responses, SseScripts.TurningTokens, TokenDelay);

        using var response = await proxy.Client.PostAsync("/v1/responses", JsonBody.Of("""{"model":"m","stream":true,"input":"Tell me about chemistry."}"""));
        var body = await response.Content.ReadAsStringAsync();

        var last = JsonDocument.Parse(SseScripts.DataLines(body).Last()).RootElement;
        Assert.Equal("response.incomplete", last.GetProperty("type").GetString());
        Assert.Equal("content_filter", last.GetProperty("response").GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.DoesNotContain(SseScripts.ViolationMarker, SseScripts.GeneratedText(SseScripts.Responses, body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ClientDisconnects_UpstreamIsCancelled()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.BenignTokens, TimeSpan.FromMilliseconds(50));
        var request = """{"model":"m","stream":true,"messages":[{"role":"user","content":"Tell me about Paris."}]}""";

        using (var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody.Of(request) })
        using (var response = await proxy.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead))
        await using (var stream = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        var probe = proxy.Upstream.LastStream!;
        await probe.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(probe.Aborted);
        Assert.True(probe.EventsWritten < probe.EventsTotal);
    }

    [Fact]
    public async Task NdjsonStream_OnGuardedRouteIsRefused()
    {
        await using var proxy = await GuardedProxy.StartAsync();

        using var native = await proxy.Client.PostAsync("/api/chat", JsonBody.Of("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        proxy.Upstream.Responder = async context =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync("{\"message\":{\"content\":\"hi\"}}\n");
        };
        using var disguised = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat("hello"));

        Assert.Equal(HttpStatusCode.NotFound, native.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, disguised.StatusCode);
        Assert.DoesNotContain("hi", (await JsonBody.ReadAsync(disguised)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A halt sent before the upstream named a model names the request's, through the production path (route, adapter,
    /// exchange, output screen): the upstream here announces an empty model, as some OpenAI-compatible servers do.
    /// (An Anthropic halt names no model: the client has the message's model from <c>message_start</c>.)
    /// </summary>
    [Theory]
    [InlineData(SseScripts.Chat, "/v1/chat/completions", """{"model":"requested-model-7","stream":true,"messages":[{"role":"user","content":"Tell me about chemistry."}]}""")]
    [InlineData(SseScripts.Responses, "/v1/responses", """{"model":"requested-model-7","stream":true,"input":"Tell me about chemistry."}""")]
    public async Task TurningStream_UpstreamWithoutModel_HaltNamesTheRequestsModel(string api, string path, string request)
    {
        await using var proxy = await GuardedProxy.StartAsync();
        var stream = string.Concat(SseScripts.Events(api, SseScripts.TurningTokens)).Edit("\"model\":\"test-model\"", "\"model\":\"\"");
        proxy.Upstream.Responder = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(stream, context.RequestAborted);
        };

        using var response = await proxy.Client.PostAsync(path, JsonBody.Of(request));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(SseScripts.ViolationMarker, SseScripts.GeneratedText(api, body), StringComparison.OrdinalIgnoreCase);
        var halt = SseScripts.DataLines(body).Where(d => d.StartsWith('{')).Select(d => JsonDocument.Parse(d).RootElement)
            .Last(e => HaltModel(e) is not null);
        Assert.Equal("requested-model-7", HaltModel(halt));
    }

    private static string? HaltModel(JsonElement e) =>
        e.TryGetProperty("model", out var m) ? m.GetString()
        : e.TryGetProperty("response", out var r) && r.TryGetProperty("model", out m) ? m.GetString()
        : e.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.Object && msg.TryGetProperty("model", out m) ? m.GetString()
        : null;
}
