using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using OpenAI;
using OpenAI.Chat;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>Egress caps enforced during the stream: the length signal when the cap is reached, pacing for bandwidth.</summary>
public sealed class StreamEgressTests
{
    private static ChatClient Chat(LimitedProxy proxy) => new(
        "test-model",
        new ApiKeyCredential(LimitedProxy.Key),
        new OpenAIClientOptions { Endpoint = new Uri(proxy.Address, "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

    [Fact]
    public async Task StreamPastTheOutputCap_EndsWithLengthDuringTheStream()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 30"));

        await AssertCutWithLengthAsync(proxy);
        var probe = proxy.Upstream.LastStream!;
        await probe.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(probe.Aborted);
    }

    [Fact]
    public async Task OutputScreenOff_StreamPastTheOutputCap_StillEndsWithLength()
    {
        // Output caps are limits, not screening: a policy that does not screen output still bounds what a client gets.
        await using var proxy = await LimitedProxy.StartWithPolicyAsync(
            LimitedProxy.Tenants("output_tokens_per_minute: 30"), p => p.Edit("  screen: true\n", "  screen: false\n"), configureServices: null);

        await AssertCutWithLengthAsync(proxy);
    }

    /// <summary>Streams the benign script through the OpenAI SDK and asserts it was cut early with <c>finish_reason: length</c>.</summary>
    private static async Task AssertCutWithLengthAsync(LimitedProxy proxy)
    {
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.BenignTokens, TimeSpan.FromMilliseconds(5));
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

        Assert.Equal(ChatFinishReason.Length, finish);
        var full = string.Concat(SseScripts.BenignTokens);
        Assert.StartsWith(text.ToString(), full, StringComparison.Ordinal);
        Assert.True(text.Length > 0 && text.Length < full.Length / 2, $"{text.Length} of {full.Length} chars were sent");
    }

    [Fact]
    public async Task OutputScreenOff_StreamWithinTheCap_ByteIdentical()
    {
        await using var proxy = await LimitedProxy.StartWithPolicyAsync(
            LimitedProxy.Tenants("output_tokens_per_minute: 100000"), p => p.Edit("  screen: true\n", "  screen: false\n"), configureServices: null);
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Anthropic, SseScripts.BenignTokens, TimeSpan.Zero);
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/messages", JsonBody.Of("""{"model":"m","max_tokens":500,"stream":true,"messages":[{"role":"user","content":"Tell me about Paris."}]}"""));

        Assert.Equal(TestUpstream.StreamBody(SseScripts.Anthropic, SseScripts.BenignTokens), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnthropicStreamPastTheOutputCap_EndsWithMaxTokens()
    {
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("output_tokens_per_minute: 30"));
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Anthropic, SseScripts.BenignTokens, TimeSpan.FromMilliseconds(5));
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/messages", JsonBody.Of("""{"model":"m","max_tokens":1000,"stream":true,"messages":[{"role":"user","content":"Tell me about Paris."}]}"""));
        var body = await response.Content.ReadAsStringAsync();

        var events = SseScripts.DataLines(body).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        var delta = events.Single(e => e.GetProperty("type").GetString() == "message_delta");
        Assert.Equal("max_tokens", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("message_stop", events[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task BandwidthCap_PacesTheStreamWithoutCuttingIt()
    {
        var tokens = SseScripts.BenignTokens.Take(40).ToList();
        var bytes = SseScripts.Body(SseScripts.Chat, tokens).Length;
        await using var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants($"output_bytes_per_second: {bytes / 4}"));
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, tokens, TimeSpan.Zero);

        var started = Stopwatch.GetTimestamp();
        var text = new StringBuilder();
        await foreach (var update in Chat(proxy).CompleteChatStreamingAsync([new UserChatMessage("Tell me about Paris.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);

        // A quarter of the body per second (a burst allowance aside): pacing must stretch the stream past a second; nothing is cut.
        Assert.Equal(string.Concat(tokens), text.ToString());
        Assert.True(elapsed > TimeSpan.FromSeconds(1), $"the stream took only {elapsed.TotalMilliseconds} ms");
    }
}
