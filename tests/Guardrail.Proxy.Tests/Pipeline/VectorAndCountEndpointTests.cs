using Guardrail.Tests.Shared;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Guardrail.Proxy.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI;
using OpenAI.Embeddings;

namespace Guardrail.Proxy.Tests.Pipeline;

/// <summary>
/// Endpoints whose answers are vectors or counts (OpenAI embeddings, Anthropic count_tokens): the request is screened
/// like a prompt, the answer passes untouched, and the official SDKs see the provider's own shapes.
/// </summary>
public sealed class VectorAndCountEndpointTests : IAsyncLifetime
{
    private static readonly float[] Vector = [0.25f, -0.5f, 0.125f, 1f];

    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await GuardedProxy.StartAsync();
        _proxy.Upstream.Responder = Answer;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task BenignEmbedding_ReachesUpstreamAndTheSdkDecodesTheVector()
    {
        OpenAIEmbedding embedding = await Embeddings().GenerateEmbeddingAsync(Prompts.Benign);

        Assert.Equal(Vector, embedding.ToFloats().ToArray());
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal("/v1/embeddings", received.Path);
        Assert.Contains(Prompts.Benign, Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CbrnEmbeddingInput_RefusedWithContentFilterAndUpstreamUntouched()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            Embeddings().GenerateEmbeddingsAsync([Prompts.Benign, Prompts.Chemical]));

        Assert.Equal(400, ex.Status);
        Assert.Contains("\"code\":\"content_filter\"", ex.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task TokenIdEmbeddingInput_Refused400AndUpstreamUntouched()
    {
        using var body = new StringContent("""{"model":"m","input":[[15339,1917]]}""", Encoding.UTF8, "application/json");
        using var response = await _proxy.Client.PostAsync("/v1/embeddings", body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("token ids", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task LargeEmbeddingAnswer_PassesByteForByte()
    {
        // Twenty times the policy's cap for a screened answer: vectors are not read as output, so neither the cap
        // nor any rewrite applies (a text answer this size would fail closed with 502).
        await using var proxy = await GuardedProxy.StartAsync(
            [], text => text.Edit("max_response_bytes: 8388608", "max_response_bytes: 65536"), null);
        var floats = string.Join(',', Enumerable.Range(0, 300_000).Select(i => (i % 7 * 0.125).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        var answer = $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[{{{floats}}}]}],"model":"m","usage":{"prompt_tokens":3,"total_tokens":3}}""";
        proxy.Upstream.Responder = context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(answer);
        };
        using var body = new StringContent("""{"model":"m","input":"hello","encoding_format":"float"}""", Encoding.UTF8, "application/json");

        using var response = await proxy.Client.PostAsync("/v1/embeddings", body);

        Assert.True(answer.Length > 20 * 65536);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());

        // The same size as a chat answer is over the cap: proof the cap is live on this proxy.
        proxy.Upstream.Responder = TestUpstream.Answering(new string('a', 100_000));
        using var chat = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        Assert.Equal(502, (int)chat.StatusCode);
    }

    [Theory]
    [InlineData("text/event-stream", "data: {\"choices\":[{\"delta\":{\"content\":\"unscreened\"}}]}\n\n")]
    [InlineData("text/plain", "unscreened")]
    public async Task EmbeddingsAnswerThatIsNotJson_IsWithheld502(string contentType, string answer)
    {
        // Vectors are not read, but a stream or text on this route could be generated output: fail closed.
        _proxy.Upstream.Responder = context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(answer);
        };
        using var body = new StringContent("""{"model":"m","input":"hello"}""", Encoding.UTF8, "application/json");

        using var response = await _proxy.Client.PostAsync("/v1/embeddings", body);

        Assert.Equal(502, (int)response.StatusCode);
        Assert.DoesNotContain("unscreened", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenignCountTokens_ReachesUpstreamAndTheSdkReadsTheCount()
    {
        var count = await Anthropic().Messages.CountTokens(Count(Prompts.Benign));

        Assert.Equal(12, count.InputTokens);
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal("/v1/messages/count_tokens", received.Path);
    }

    [Fact]
    public async Task CbrnCountTokens_Refused400AndUpstreamUntouched()
    {
        var ex = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => Anthropic().Messages.CountTokens(Count(Prompts.Chemical)));

        Assert.Equal(400, (int)ex.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    private EmbeddingClient Embeddings() => new(
        "text-embedding-3-small",
        new ApiKeyCredential("sk-test"),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(_proxy.Address, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    private AnthropicClient Anthropic() => new()
    {
        ApiKey = "sk-ant-test",
        BaseUrl = _proxy.Address.ToString().TrimEnd('/'),
        MaxRetries = 0,
    };

    private static MessageCountTokensParams Count(string text) => new()
    {
        Model = "claude-test",
        System = "You are helpful.",
        Messages = [new UserMessageParam { Content = text }],
    };

    /// <summary>Embeddings in the encoding the client asked for (the SDK asks for base64), or a token count.</summary>
    private static async Task Answer(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Path.Value!.EndsWith("/count_tokens", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync("""{"input_tokens":12}""");
            return;
        }

        var base64 = Convert.ToBase64String(Vector.SelectMany(BitConverter.GetBytes).ToArray());
        await context.Response.WriteAsync(
            $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":"{{{base64}}}"},{"object":"embedding","index":1,"embedding":"{{{base64}}}"}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""");
    }
}
