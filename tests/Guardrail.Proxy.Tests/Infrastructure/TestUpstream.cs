using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>
/// A model server on real Kestrel at a loopback port 0: records every request byte for byte and answers with
/// <see cref="Responder"/> (by default a provider-shaped benign answer for each API).
/// </summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    public const string BenignReply = "Paris is the capital of France.";

    private readonly WebApplication _app;

    private TestUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Writes the answer; gets the request path. Replace per test.</summary>
    public Func<HttpContext, Task> Responder { get; set; } = DefaultResponder;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<TestUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new TestUpstream(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            upstream.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, buffer.ToArray(), context.Request.QueryString.Value ?? ""));

            // Responders may read the request too (scripted answers follow its stream flag).
            buffer.Position = 0;
            context.Request.Body = buffer;
            await upstream.Responder(context);
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A JSON answer in the shape of the API at <paramref name="path"/> whose generated text is <paramref name="text"/>.</summary>
    public static string AnswerFor(string path, string text)
    {
        object body = path switch
        {
            var p when p.EndsWith("/chat/completions", StringComparison.Ordinal) => new
            {
                id = "chatcmpl-up1", @object = "chat.completion", created = 1700000000, model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 5, completion_tokens = 7, total_tokens = 12 },
            },
            var p when p.EndsWith("/completions", StringComparison.Ordinal) => new
            {
                id = "cmpl-up1", @object = "text_completion", created = 1700000000, model = "test-model",
                choices = new[] { new { text, index = 0, logprobs = (object?)null, finish_reason = "stop" } },
                usage = new { prompt_tokens = 5, completion_tokens = 7, total_tokens = 12 },
            },
            var p when p.EndsWith("/responses", StringComparison.Ordinal) => new
            {
                id = "resp_up1", @object = "response", created_at = 1700000000, status = "completed", model = "test-model",
                output = new[] { new { type = "message", id = "msg_up1", status = "completed", role = "assistant", content = new[] { new { type = "output_text", text, annotations = Array.Empty<object>() } } } },
                usage = new { input_tokens = 5, output_tokens = 7, total_tokens = 12 },
            },
            _ => new
            {
                id = "msg_up1", type = "message", role = "assistant", model = "test-model",
                content = new[] { new { type = "text", text } },
                stop_reason = "end_turn", stop_sequence = (string?)null,
                usage = new { input_tokens = 5, output_tokens = 7 },
            },
        };
        return JsonSerializer.Serialize(body);
    }

    public static Func<HttpContext, Task> Answering(string text) => context =>
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"object":"list","data":[{"id":"test-model","object":"model","created":0,"owned_by":"test"}]}""");
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(AnswerFor(context.Request.Path.Value ?? "", text), Encoding.UTF8);
    };

    /// <summary>The probe of the last streamed answer.</summary>
    public StreamProbe? LastStream { get; private set; }

    /// <summary>
    /// Streams <paramref name="tokens"/> as server-sent events in the shape of <paramref name="api"/>, one event every
    /// <paramref name="delay"/>, flushing each, and records in <see cref="LastStream"/> whether the proxy cut it short.
    /// </summary>
    public Func<HttpContext, Task> Streaming(string api, IReadOnlyList<string> tokens, TimeSpan delay) => async context =>
    {
        var events = Guardrail.Tests.Shared.SseScripts.Events(api, tokens);
        var probe = new StreamProbe { EventsTotal = events.Count };
        LastStream = probe;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            foreach (var e in events)
            {
                await context.Response.WriteAsync(e, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                probe.EventsWritten++;
                await Task.Delay(delay, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            probe.MarkAborted();
        }
        finally
        {
            probe.MarkEnded();
        }
    };

    /// <summary>The bytes <see cref="Streaming"/> sends for the same script.</summary>
    public static byte[] StreamBody(string api, IReadOnlyList<string> tokens) => Guardrail.Tests.Shared.SseScripts.Body(api, tokens);

    private static Task DefaultResponder(HttpContext context) => Answering(BenignReply)(context);
}
