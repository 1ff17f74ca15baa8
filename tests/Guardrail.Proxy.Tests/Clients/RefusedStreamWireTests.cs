using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>The bytes of a refused streaming request, as any SSE client (not only the official SDKs) reads them.</summary>
public sealed class RefusedStreamWireTests(DotNetSdkFixture fixture) : IClassFixture<DotNetSdkFixture>
{
    private static readonly string ChatStream = JsonSerializer.Serialize(new
    {
        model = "wire-model",
        stream = true,
        messages = new[] { new { role = "user", content = Prompts.Chemical } },
    });

    [Fact]
    public async Task RefusedChatStream_InBandPolicy_IsAnEventStreamNamedByTheRequest()
    {
        using var client = new HttpClient { BaseAddress = fixture.Opposite, Timeout = TimeSpan.FromSeconds(20) };

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(ChatStream));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "a stream must not be cached");
        var requestId = Assert.Single(response.Headers.GetValues("x-guardrail-request-id"));
        var data = SseScripts.DataLines(body).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data.SkipLast(1).Select(d => JsonDocument.Parse(d).RootElement.Clone()).ToList();
        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c =>
        {
            Assert.Equal("chatcmpl-" + requestId, c.GetProperty("id").GetString());
            Assert.Equal("wire-model", c.GetProperty("model").GetString());
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
        });
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("content_filter", chunks[1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.DoesNotContain("sarin", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusedChatStream_ErrorPolicy_IsTheProvidersJson400()
    {
        using var client = new HttpClient { BaseAddress = fixture.Shipped, Timeout = TimeSpan.FromSeconds(20) };

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(ChatStream));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await JsonBody.ReadAsync(response)).GetProperty("error");
        Assert.Equal("content_filter", error.GetProperty("code").GetString());
    }
}
