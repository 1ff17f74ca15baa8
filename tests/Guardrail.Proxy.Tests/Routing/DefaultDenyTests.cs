using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Routing;

/// <summary>
/// Issue 15's side doors on a guarded route with the shipped policy: everything the adapters do not understand is
/// refused in the API's shape and never reaches the (recording) upstream.
/// </summary>
public sealed class DefaultDenyTests : IAsyncLifetime
{
    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await GuardedProxy.StartAsync();

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [InlineData("/v1/responses/resp_abc123")]
    [InlineData("/v1/responses/resp_abc123?stream=true")]
    [InlineData("/v1/responses/resp_abc123/input_items")]
    [InlineData("/v1/chat/completions/chatcmpl-abc123")]
    [InlineData("/v1/chat/completions/chatcmpl-abc123/messages")]
    [InlineData("/v1/chat/completions?limit=100")]
    [InlineData("/v1/files/file-abc123/content")]
    [InlineData("/v1/files")]
    [InlineData("/v1/batches/batch_1")]
    [InlineData("/v1/messages/batches/msgbatch_1/results")]
    [InlineData("/v1/conversations/conv_1/items")]
    [InlineData("/openai/v1/responses/resp_abc123")]
    public async Task StoredObjectReadsAndLists_Refused404NothingForwarded(string path)
    {
        using var response = await _proxy.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var root = await JsonBody.ReadAsync(response);
        var shaped = root.TryGetProperty("error", out var error) && (error.TryGetProperty("code", out _) || error.TryGetProperty("type", out _));
        Assert.True(shaped, root.GetRawText());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task RealtimeWebSocketUpgrade_RefusedWithoutTunnel()
    {
        using var socket = new ClientWebSocket();
        var target = new UriBuilder(_proxy.Address) { Scheme = "ws", Path = "/v1/realtime", Query = "model=gpt-realtime" }.Uri;

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(target, CancellationToken.None));

        Assert.NotEqual(WebSocketState.Open, socket.State);
        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task RawUpgradeRequest_Answered404InOpenAIShape()
    {
        var raw = await RawAsync(
            "GET /v1/realtime HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404", raw, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"unknown_url\"", raw, StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task RealtimeSessionCreation_RefusedEvenAsPost()
    {
        using var response = await _proxy.Client.PostAsync("/v1/realtime/client_secrets", JsonBody.Of("""{"session":{"type":"realtime"}}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("OPTIONS")]
    [InlineData("DELETE")]
    public async Task BodyOnReadMethod_RefusedNothingForwarded(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/models") { Content = JsonBody.Chat(Prompts.Chemical) };
        using var response = await _proxy.Client.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task HeadWithBody_Refused400()
    {
        // HttpClient will not send a HEAD body; a raw request does.
        using var content = JsonBody.Chat(Prompts.Chemical);
        var body = await content.ReadAsStringAsync();
        var raw = await RawAsync($"HEAD /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}", headersOnly: true);

        Assert.StartsWith("HTTP/1.1 400", raw, StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task MethodOverrideOnGetWithBody_RefusedNotTreatedAsPost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/chat/completions") { Content = JsonBody.Chat(Prompts.Chemical) };
        request.Headers.Add("X-HTTP-Method-Override", "POST");
        using var response = await _proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task MethodOverrideHeaders_StrippedFromForwardedRequests()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody.Chat(Prompts.Benign) };
        request.Headers.Add("X-HTTP-Method-Override", "DELETE");
        request.Headers.Add("X-HTTP-Method", "PUT");
        request.Headers.Add("X-Method-Override", "PATCH");
        using var response = await _proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal("POST", received.Method);
        Assert.DoesNotContain(received.Headers.Keys, k => k.Contains("method", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("PUT", "/v1/chat/completions")]
    [InlineData("PATCH", "/v1/responses/resp_1")]
    [InlineData("DELETE", "/v1/responses/resp_1")]
    [InlineData("POST", "/v1/responses/resp_1/cancel")]
    [InlineData("POST", "/v1/chat/completions/chatcmpl-1")]
    [InlineData("POST", "/V1/CHAT/COMPLETIONS")]
    [InlineData("POST", "/v1/chat/completions%2F")]
    [InlineData("POST", "/api/chat")]
    public async Task WritesNoAdapterUnderstands_Refused404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = JsonBody.Chat(Prompts.Chemical) };
        using var response = await _proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"What is the capital of France?","background":true}""")]
    [InlineData("""{"model":"m","input":"What is the capital of France?","background":"true"}""")]
    [InlineData("""{"model":"m","input":"What is the capital of France?","Background":1}""")]
    public async Task BackgroundResponse_Refused400ByDefault(string body)
    {
        using var response = await _proxy.Client.PostAsync("/v1/responses", JsonBody.Of(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("background", (await JsonBody.ReadAsync(response)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task ForegroundResponseWithBackgroundFalse_Forwarded()
    {
        using var response = await _proxy.Client.PostAsync("/v1/responses",
            JsonBody.Of(JsonSerializer.Serialize(new { model = "m", input = Prompts.Benign, background = false })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/responses", Assert.Single(_proxy.Upstream.Requests).Path);
    }

    [Fact]
    public async Task ModelListAndPreflight_StillForwarded()
    {
        using var models = await _proxy.Client.GetAsync("/v1/models/meta-llama/Llama-3-8B");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answered = await _proxy.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(2, _proxy.Upstream.Requests.Count);
        Assert.Contains(_proxy.Upstream.Requests, r => r.Method == "OPTIONS" && r.Body.Length == 0);
    }

    private async Task<string> RawAsync(string request, bool headersOnly = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_proxy.Address.Host, _proxy.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var headerEnd = text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headerEnd >= 0 && (headersOnly || HasWholeBody(text.ToString(), headerEnd)))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Whatever arrived in time is the answer.
        }

        return text.ToString();
    }

    private static bool HasWholeBody(string text, int headerEnd)
    {
        var headers = text[..headerEnd];
        var marker = headers.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return false;
        }

        var end = headers.IndexOf("\r\n", marker, StringComparison.Ordinal);
        var length = int.Parse(headers[(marker + 15)..(end < 0 ? headers.Length : end)].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetByteCount(text[(headerEnd + 4)..]) >= length;
    }
}
