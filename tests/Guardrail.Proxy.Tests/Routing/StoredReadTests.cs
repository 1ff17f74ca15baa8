using System.Net;
using System.Text;
using System.Text.Json;
using Guardrail.Proxy.Tests.Clients;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Routing;

/// <summary>
/// A policy that opts in to the stored-answer endpoints: what the upstream stored comes back through the same output
/// screen as a live answer (a misbehaving upstream stores harmful placeholder text).
/// </summary>
public sealed class StoredReadTests : IAsyncLifetime
{
    private static readonly string Harmful = string.Concat(ScriptedModel.EarlyTokens);

    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await GuardedProxy.StartAsync([], OptIn, configureServices: null);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task StoredChatCompletion_Harmful_ReadBackFiltered()
    {
        _proxy.Upstream.Responder = Stored("/v1/chat/completions", Harmful);

        using var response = await _proxy.Client.GetAsync("/v1/chat/completions/chatcmpl-up1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sarin", body, StringComparison.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(body);
        Assert.Equal("content_filter", document.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("GET", Assert.Single(_proxy.Upstream.Requests).Method);
    }

    [Fact]
    public async Task StoredChatCompletion_Benign_ReadBackWhole()
    {
        _proxy.Upstream.Responder = Stored("/v1/chat/completions", TestUpstream.BenignReply);

        using var response = await _proxy.Client.GetAsync("/v1/chat/completions/chatcmpl-up1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TestUpstream.BenignReply, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredResponse_Harmful_ReadBackIncomplete()
    {
        _proxy.Upstream.Responder = Stored("/v1/responses", Harmful);

        using var response = await _proxy.Client.GetAsync("/v1/responses/resp_up1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sarin", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("incomplete", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task StoredResponseStreamed_Harmful_Halted()
    {
        _proxy.Upstream.Responder = _proxy.Upstream.Streaming(SseScripts.Responses, ScriptedModel.EarlyTokens, TimeSpan.Zero);

        using var response = await _proxy.Client.GetAsync("/v1/responses/resp_up1?stream=true");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("response.incomplete", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListsAndSubResources_StillRefusedWhenRetrievalIsOn()
    {
        using var list = await _proxy.Client.GetAsync("/v1/chat/completions?limit=100");
        using var messages = await _proxy.Client.GetAsync("/v1/chat/completions/chatcmpl-up1/messages");

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, messages.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task BackgroundResponse_ForwardedWhenOptedIn()
    {
        using var response = await _proxy.Client.PostAsync("/v1/responses",
            JsonBody.Of(JsonSerializer.Serialize(new { model = "m", input = Prompts.Benign, background = true })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_proxy.Upstream.Requests);
    }

    private static string OptIn(string policy) => policy
        .Edit("retrieve_chat_completions: off", "retrieve_chat_completions: screened")
        .Edit("retrieve_responses: off", "retrieve_responses: screened")
        .Edit("background_responses: off", "background_responses: screened");

    /// <summary>Answers a GET of a stored object with the shape of <paramref name="api"/> carrying <paramref name="text"/>.</summary>
    private static Func<HttpContext, Task> Stored(string api, string text) => context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(TestUpstream.AnswerFor(api, text), Encoding.UTF8);
    };
}
