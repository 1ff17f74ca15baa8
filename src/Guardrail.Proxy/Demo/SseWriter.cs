using System.Text;
using System.Text.Json;

namespace Guardrail.Proxy.Demo;

/// <summary>Writes server-sent events for the demo model, flushing each so they stream.</summary>
internal sealed class SseWriter : IAsyncDisposable
{
    private readonly HttpResponse _response;

    public SseWriter(HttpResponse response)
    {
        _response = response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    public Task DataAsync(object payload) => WriteAsync(null, JsonSerializer.Serialize(payload));

    public Task EventAsync(string name, object payload) => WriteAsync(name, JsonSerializer.Serialize(payload));

    public Task DoneAsync() => WriteAsync(null, "[DONE]");

    private async Task WriteAsync(string? name, string data)
    {
        var text = name is null ? $"data: {data}\n\n" : $"event: {name}\ndata: {data}\n\n";
        await _response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _response.Body.FlushAsync();
        await Task.Delay(15);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
