using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Guardrail.Proxy.Tests.Limits;

public sealed class IdentityTests : IAsyncLifetime
{
    private LimitedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100"));

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private ChatClient Chat(string key) => new("test-model", new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = new Uri(_proxy.Address, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    [Fact]
    public async Task UnknownKey_ThroughOpenAISdk_Is401AndNeverForwarded()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => Chat("sk-not-a-tenant").CompleteChatAsync([new UserChatMessage(Prompts.Benign)]));

        Assert.Equal(401, ex.Status);
        var body = ParseJson(ex.GetRawResponse()!.Content.ToString());
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task MissingKey_OnAnthropicPath_Is401AuthenticationError()
    {
        using var client = _proxy.Client(key: null);
        using var response = await client.PostAsync("/v1/messages", JsonBody.Of("""{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await JsonBody.ReadAsync(response);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task ValidKey_ClientCredentialStripped_ProviderKeyInjectedAsBearer()
    {
        ChatCompletion completion = await Chat(LimitedProxy.Key).CompleteChatAsync([new UserChatMessage(Prompts.Benign)]);

        Assert.Equal(TestUpstream.BenignReply, completion.Content[0].Text);
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal("Bearer " + LimitedProxy.UpstreamKey, received.Headers["Authorization"]);
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(LimitedProxy.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnthropicRequest_KeyInXApiKey_ProviderKeyInjectedAsXApiKey()
    {
        using var client = _proxy.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonBody.Of("""{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"What is the capital of France?"}]}"""),
        };
        request.Headers.Add("x-api-key", LimitedProxy.Key);
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal(LimitedProxy.UpstreamKey, received.Headers["x-api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task TenantsFileEdit_NewKeyWorksWithoutRestart()
    {
        const string newKey = "sk-added-while-running";
        using var client = _proxy.Client(newKey);
        using (var before = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        await File.WriteAllTextAsync(_proxy.TenantsFile, LimitedProxy.Tenants("requests_per_minute: 100", acmeExtra: $"""
              other:
                keys: [{LimitedProxy.Hash(newKey)}]
            """));

        var status = HttpStatusCode.Unauthorized;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (status == HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            using var after = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            status = after.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static System.Text.Json.JsonElement ParseJson(string text)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
