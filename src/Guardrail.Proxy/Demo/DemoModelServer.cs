using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Guardrail.Proxy.Demo;

/// <summary>
/// A tiny model server that speaks the OpenAI and Anthropic shapes, streamed and not, so a newcomer can try the proxy
/// with curl before pointing it at a real model. It listens on a loopback port of its own and is a real upstream:
/// requests reach it through the whole proxy path.
/// </summary>
internal sealed class DemoModelServer : IAsyncDisposable
{
    internal const string Model = "guardrail-demo";
    internal const string Reply = "Hello from Guardrail's demo model. Your request passed the input screen and reached the model.";

    private readonly WebApplication _app;

    private DemoModelServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<DemoModelServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = Model, @object = "model", created = 0, owned_by = "guardrail" } } }));
        app.MapPost("/v1/chat/completions", ChatAsync);
        app.MapPost("/v1/completions", CompletionsAsync);
        app.MapPost("/v1/responses", ResponsesAsync);
        app.MapPost("/v1/messages", MessagesAsync);
        app.MapPost("/v1/messages/count_tokens", CountTokensAsync);
        app.MapPost("/v1/embeddings", EmbeddingsAsync);
        await app.StartAsync(cancellationToken);
        return new DemoModelServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<bool> WantsStreamAsync(HttpRequest request)
    {
        using var doc = await JsonDocument.ParseAsync(request.Body);
        return doc.RootElement.ValueKind == JsonValueKind.Object
            && doc.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
    }

    private static IEnumerable<string> Words() => Reply.Split(' ').Select((w, i) => i == 0 ? w : " " + w);

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task ChatAsync(HttpContext context)
    {
        if (!await WantsStreamAsync(context.Request))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-demo", @object = "chat.completion", created = Now, model = Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = Reply }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 20, total_tokens = 30 },
            });
            return;
        }

        // As the real API: the first chunk names the role (SDK stream helpers fail with "missing role for choice 0"
        // without it), then one chunk per word, then the finish.
        await using var sse = new SseWriter(context.Response);
        var created = Now;
        await sse.DataAsync(new { id = "chatcmpl-demo", @object = "chat.completion.chunk", created, model = Model, choices = new[] { new { index = 0, delta = (object)new { role = "assistant", content = "" }, finish_reason = (string?)null } } });
        foreach (var word in Words())
        {
            await sse.DataAsync(new { id = "chatcmpl-demo", @object = "chat.completion.chunk", created, model = Model, choices = new[] { new { index = 0, delta = (object)new { content = word }, finish_reason = (string?)null } } });
        }

        await sse.DataAsync(new { id = "chatcmpl-demo", @object = "chat.completion.chunk", created, model = Model, choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } } });
        await sse.DoneAsync();
    }

    private static async Task CompletionsAsync(HttpContext context)
    {
        if (!await WantsStreamAsync(context.Request))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "cmpl-demo", @object = "text_completion", created = Now, model = Model,
                choices = new[] { new { text = Reply, index = 0, logprobs = (object?)null, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 20, total_tokens = 30 },
            });
            return;
        }

        await using var sse = new SseWriter(context.Response);
        foreach (var word in Words())
        {
            await sse.DataAsync(new { id = "cmpl-demo", @object = "text_completion", created = Now, model = Model, choices = new[] { new { text = word, index = 0, logprobs = (object?)null, finish_reason = (string?)null } } });
        }

        await sse.DataAsync(new { id = "cmpl-demo", @object = "text_completion", created = Now, model = Model, choices = new[] { new { text = "", index = 0, logprobs = (object?)null, finish_reason = "stop" } } });
        await sse.DoneAsync();
    }

    /// <summary>A made-up 8-dimensional vector per input (a hash of its text), as floats or base64 as asked.</summary>
    private static async Task EmbeddingsAsync(HttpContext context)
    {
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        var root = doc.RootElement;
        string[] inputs = root.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array
            ? [.. input.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText())]
            : [input.ValueKind == JsonValueKind.String ? input.GetString()! : string.Empty];
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "base64";
        var data = inputs.Select((text, index) =>
        {
            var vector = Vector(text);
            object embedding = base64 ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()) : vector;
            return new { @object = "embedding", index, embedding };
        }).ToArray();
        var tokens = inputs.Sum(t => Math.Max(1, t.Length / 4));
        await context.Response.WriteAsJsonAsync(new { @object = "list", data, model = Model, usage = new { prompt_tokens = tokens, total_tokens = tokens } });
    }

    private static float[] Vector(string text)
    {
        var hash = (uint)StringComparer.Ordinal.GetHashCode(text);
        return [.. Enumerable.Range(0, 8).Select(i => ((hash >> (i * 4)) & 0xF) / 15f - 0.5f)];
    }

    /// <summary>About four characters a token, like the real APIs' rule of thumb.</summary>
    private static async Task CountTokensAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        await context.Response.WriteAsJsonAsync(new { input_tokens = Math.Max(1, (int)(buffer.Length / 4)) });
    }

    private static object ResponseObject(string status, string text) => new
    {
        id = "resp_demo", @object = "response", created_at = Now, status, model = Model,
        output = text.Length == 0 ? Array.Empty<object>() : new object[] { MessageItem("completed", text) },
        usage = new { input_tokens = 10, output_tokens = 20, total_tokens = 30 },
    };

    private static object MessageItem(string status, string text) => new
    {
        type = "message", id = "msg_demo", status, role = "assistant",
        content = status == "in_progress" ? Array.Empty<object>() : new object[] { TextPart(text) },
    };

    private static object TextPart(string text) => new { type = "output_text", text, annotations = Array.Empty<object>() };

    /// <summary>
    /// The event sequence of the real API. SDK stream helpers build the response from it: a text delta for an output
    /// item or content part that was never added fails them ("missing output at index 0").
    /// </summary>
    private static async Task ResponsesAsync(HttpContext context)
    {
        if (!await WantsStreamAsync(context.Request))
        {
            await context.Response.WriteAsJsonAsync(ResponseObject("completed", Reply));
            return;
        }

        await using var sse = new SseWriter(context.Response);
        var seq = 0;
        await sse.EventAsync("response.created", new { type = "response.created", sequence_number = seq++, response = ResponseObject("in_progress", "") });
        await sse.EventAsync("response.in_progress", new { type = "response.in_progress", sequence_number = seq++, response = ResponseObject("in_progress", "") });
        await sse.EventAsync("response.output_item.added", new { type = "response.output_item.added", sequence_number = seq++, output_index = 0, item = MessageItem("in_progress", "") });
        await sse.EventAsync("response.content_part.added", new { type = "response.content_part.added", sequence_number = seq++, item_id = "msg_demo", output_index = 0, content_index = 0, part = TextPart("") });
        foreach (var word in Words())
        {
            await sse.EventAsync("response.output_text.delta", new { type = "response.output_text.delta", sequence_number = seq++, item_id = "msg_demo", output_index = 0, content_index = 0, delta = word, logprobs = Array.Empty<object>() });
        }

        await sse.EventAsync("response.output_text.done", new { type = "response.output_text.done", sequence_number = seq++, item_id = "msg_demo", output_index = 0, content_index = 0, text = Reply, logprobs = Array.Empty<object>() });
        await sse.EventAsync("response.content_part.done", new { type = "response.content_part.done", sequence_number = seq++, item_id = "msg_demo", output_index = 0, content_index = 0, part = TextPart(Reply) });
        await sse.EventAsync("response.output_item.done", new { type = "response.output_item.done", sequence_number = seq++, output_index = 0, item = MessageItem("completed", Reply) });
        await sse.EventAsync("response.completed", new { type = "response.completed", sequence_number = seq, response = ResponseObject("completed", Reply) });
    }

    private static async Task MessagesAsync(HttpContext context)
    {
        if (!await WantsStreamAsync(context.Request))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "msg_demo", type = "message", role = "assistant", model = Model,
                content = new[] { new { type = "text", text = Reply } },
                stop_reason = "end_turn", stop_sequence = (string?)null,
                usage = new { input_tokens = 10, output_tokens = 20 },
            });
            return;
        }

        await using var sse = new SseWriter(context.Response);
        await sse.EventAsync("message_start", new { type = "message_start", message = new { id = "msg_demo", type = "message", role = "assistant", model = Model, content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 10, output_tokens = 1 } } });
        await sse.EventAsync("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        foreach (var word in Words())
        {
            await sse.EventAsync("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = word } });
        }

        await sse.EventAsync("content_block_stop", new { type = "content_block_stop", index = 0 });
        await sse.EventAsync("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = 20 } });
        await sse.EventAsync("message_stop", new { type = "message_stop" });
    }
}
