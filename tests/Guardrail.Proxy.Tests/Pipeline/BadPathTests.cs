using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Pipeline;

public sealed class BadPathTests : IAsyncLifetime
{
    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await GuardedProxy.StartAsync();

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task MalformedJson_Refused400InOpenAIShape()
    {
        using var response = await _proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Of("{\"model\": \"x\", \"messages\": [ {"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonBody.ReadAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task WrongShape_Refused400NamingTheField()
    {
        using var response = await _proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Of("""{"model":"x","messages":"not a list"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await JsonBody.ReadAsync(response)).GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("messages", message, StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task MalformedJsonOnMessages_Refused400InAnthropicShape()
    {
        using var response = await _proxy.Client.PostAsync("/v1/messages", JsonBody.Of("not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var root = await JsonBody.ReadAsync(response);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task PostToUnknownEndpoint_Refused404()
    {
        using var response = await _proxy.Client.PostAsync("/v1/fine_tuning/jobs", JsonBody.Of("""{"model":"x"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True((await JsonBody.ReadAsync(response)).TryGetProperty("error", out _));
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task NonJsonContentType_Refused415()
    {
        using var content = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain");
        using var response = await _proxy.Client.PostAsync("/v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task BodyOverCap_Refused413InApiShape()
    {
        var huge = new string('a', 5 * 1024 * 1024);
        using var response = await _proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await JsonBody.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task ChunkedBodyOverCap_Refused413()
    {
        var huge = System.Text.Encoding.UTF8.GetBytes(new string('b', 5 * 1024 * 1024));
        using var content = new StreamContent(new MemoryStream(huge));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await JsonBody.ReadAsync(response)).GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task GetModels_PassesThrough()
    {
        using var response = await _proxy.Client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("list", (await JsonBody.ReadAsync(response)).GetProperty("object").GetString());
        Assert.Equal("/v1/models", Assert.Single(_proxy.Upstream.Requests).Path);
    }

    [Fact]
    public async Task GuardedRequest_StripsAcceptEncodingAndForwardedHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody.Chat(Prompts.Benign) };
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var response = await _proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.False(received.Headers.ContainsKey("Accept-Encoding"));
        Assert.DoesNotContain(received.Headers.Keys, k => k.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EveryResponse_CarriesRequestId()
    {
        using var allowed = await _proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var refused = await _proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));

        var first = Assert.Single(allowed.Headers.GetValues("x-guardrail-request-id"));
        var second = Assert.Single(refused.Headers.GetValues("x-guardrail-request-id"));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task CompletionsAndResponsesApis_Screened()
    {
        using var completions = await _proxy.Client.PostAsync("/v1/completions",
            JsonBody.Of(JsonSerializer.Serialize(new { model = "m", prompt = Prompts.Chemical })));
        using var responses = await _proxy.Client.PostAsync("/v1/responses",
            JsonBody.Of(JsonSerializer.Serialize(new { model = "m", instructions = "Be brief.", input = Prompts.Leetspeak })));
        using var benign = await _proxy.Client.PostAsync("/v1/responses",
            JsonBody.Of(JsonSerializer.Serialize(new { model = "m", input = Prompts.Benign })));

        Assert.Equal(HttpStatusCode.BadRequest, completions.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, responses.StatusCode);
        Assert.Equal(HttpStatusCode.OK, benign.StatusCode);
        Assert.Equal("/v1/responses", Assert.Single(_proxy.Upstream.Requests).Path);
    }
}
