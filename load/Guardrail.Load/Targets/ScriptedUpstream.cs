using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Guardrail.Load.Targets;

/// <summary>
/// A fast scripted model server: every POST gets a chat completion from a precomputed buffer, or, for
/// <c>"stream":true</c>, a streamed answer at a set token rate (events paced from the stream's start, so the
/// rate does not drift). A request may ask for its answer's length (<c>x-load-tokens</c>) and script
/// (<c>x-load-script: turning</c>). It counts requests and the most it ever had in flight, which the limit
/// scenarios read (<c>GET /load/stats</c>, <c>POST /load/reset</c>) to check that a limit held exactly.
/// </summary>
internal sealed class ScriptedUpstream
{
    private static readonly byte[] StreamFlag = "\"stream\":true"u8.ToArray();
    private readonly double _tokenRate;
    private readonly int _tokens;
    private readonly Lock _lock = new();
    private long _requests;
    private int _inFlight;
    private int _maxInFlight;

    public ScriptedUpstream(double tokenRate, int tokens)
    {
        _tokenRate = tokenRate;
        _tokens = tokens;
    }

    public WebApplication Build(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/readyz", () => "ready");
        app.MapGet("/load/stats", () =>
        {
            lock (_lock)
            {
                return Results.Json(new UpstreamStats(_requests, _inFlight, _maxInFlight));
            }
        });
        app.MapPost("/load/reset", () =>
        {
            lock (_lock)
            {
                _requests = 0;
                _maxInFlight = _inFlight;
            }

            return Results.Ok();
        });
        app.MapPost("/{**path}", ServeAsync);
        return app;
    }

    private async Task ServeAsync(HttpContext context)
    {
        lock (_lock)
        {
            _requests++;
            _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        }

        try
        {
            var stream = await ReadAsync(context);
            if (!stream)
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = UpstreamScripts.Completion.Length;
                await context.Response.Body.WriteAsync(UpstreamScripts.Completion, context.RequestAborted);
                return;
            }

            var tokens = int.TryParse(context.Request.Headers["x-load-tokens"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : _tokens;
            var script = context.Request.Headers["x-load-script"] == UpstreamScripts.Turning ? UpstreamScripts.Turning : UpstreamScripts.Benign;
            await StreamAsync(context, UpstreamScripts.Stream(script, tokens));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client (or the guard, halting the stream) went away: nothing more to write.
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    private async Task StreamAsync(HttpContext context, byte[][] events)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var interval = _tokenRate > 0 ? TimeSpan.FromSeconds(1 / _tokenRate) : TimeSpan.Zero;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < events.Length; i++)
        {
            // Event i is due i intervals after the first, wherever the previous writes ended.
            var wait = (interval * i) - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(events[i], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    // Reads the request to its end as a real server would, and says whether it asked for a stream.
    private static async Task<bool> ReadAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    // Larger bodies than the load scenarios send: keep reading, judge by the first 64 KiB.
                    while (await context.Request.Body.ReadAsync(buffer.AsMemory(buffer.Length / 2), context.RequestAborted) > 0)
                    {
                    }

                    break;
                }
            }

            return buffer.AsSpan(0, length).IndexOf(StreamFlag) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
