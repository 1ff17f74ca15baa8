using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Proxy.Hosting;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// Streams scripted chat answers (one token per event at a fixed interval) from a loopback upstream and measures, per
/// event, the time from the upstream's write to the client's read — straight from the upstream, through plain YARP
/// (a route with screening off), and through the guard in holdback and optimistic modes — plus time to first token.
/// </summary>
internal static class StreamLatencyScenario
{
    private static readonly string[] Words = "the river flows past old mills and quiet farms while swallows circle over the water".Split(' ');
    private static readonly ConcurrentDictionary<string, long[]> Sent = new();

    public static async Task<int> RunAsync(string[] args)
    {
        var streams = Arg(args, "--streams", 40);
        var tokens = Arg(args, "--tokens", 100);
        var interval = TimeSpan.FromMilliseconds(Arg(args, "--interval-ms", 20));
        var concurrency = Arg(args, "--concurrency", 4);

        await using var upstream = await StartUpstreamAsync(tokens, interval);
        var policyDir = WritePolicies();
        var up = upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        string[] proxyArgs =
        [
            "--urls", "http://127.0.0.1:0", "--policy", policyDir, "--Logging:LogLevel:Default=Warning",
            .. Route("plain", "none", up), .. Route("holdback", "default", up), .. Route("optimistic", "optimistic", up),
            $"--ReverseProxy:Clusters:up:Destinations:a:Address={up}",
        ];
        await using var proxy = await ProxyApp.StartAsync(proxyArgs);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        Console.WriteLine($"{streams} streams per mode x {tokens} tokens every {interval.TotalMilliseconds} ms, {concurrency} at a time; microseconds from upstream write to client read");
        Console.WriteLine("mode          chunk p50   chunk p90   chunk p99   chunk max     TTFT p50    TTFT p99");
        var baseUri = proxy.Address.ToString().TrimEnd('/');
        foreach (var (mode, prefix) in new[] { ("direct", up.TrimEnd('/')), ("plain-yarp", baseUri + "/plain"), ("holdback", baseUri + "/holdback"), ("optimistic", baseUri + "/optimistic") })
        {
            var chunk = new LongHistogram(TimeSpan.FromMinutes(1).Ticks, 3);
            var ttft = new LongHistogram(TimeSpan.FromMinutes(1).Ticks, 3);
            await Parallel.ForEachAsync(Enumerable.Range(0, streams), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (i, ct) => await OneStreamAsync(client, prefix + "/v1/chat/completions", chunk, ttft, ct));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-12} {Us(chunk, 50),10:F0} {Us(chunk, 90),11:F0} {Us(chunk, 99),11:F0} {chunk.GetMaxValue() / 10.0,11:F0} {Us(ttft, 50),12:F0} {Us(ttft, 99),11:F0}"));
        }

        await RetainedMemoryAsync(client, baseUri, Arg(args, "--open", 100));
        Directory.Delete(policyDir, recursive: true);
        return 0;
    }

    /// <summary>
    /// Memory held per open stream: opens <paramref name="open"/> streams at once on each proxy route, reads each to the
    /// middle of the answer, and compares the managed heap (after a full collection) with the heap before. The guard's
    /// own retention is the guarded routes' figure minus plain YARP's (which includes Kestrel, YARP and the client).
    /// </summary>
    private static async Task RetainedMemoryAsync(HttpClient client, string baseUri, int open)
    {
        Console.WriteLine($"managed heap retained per open stream, {open} streams held open mid-answer:");
        foreach (var mode in new[] { "plain", "holdback", "optimistic" })
        {
            var before = Heap();
            var responses = new List<(HttpResponseMessage Response, StreamReader Reader)>();
            for (var i = 0; i < open; i++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, baseUri + "/" + mode + "/v1/chat/completions")
                {
                    Content = new StringContent("""{"model":"m","stream":true,"messages":[{"role":"user","content":"Tell me about rivers."}]}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("x-load-id", Guid.NewGuid().ToString("N"));
                var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                responses.Add((response, new StreamReader(await response.Content.ReadAsStreamAsync())));
            }

            // Read each past its first classification steps, so every guard holds a window and is mid-stream.
            foreach (var (_, reader) in responses)
            {
                for (var lines = 0; lines < 60;)
                {
                    var line = await reader.ReadLineAsync();
                    if (line is null)
                    {
                        throw new InvalidOperationException($"a {mode} stream ended after {lines} events; raise --tokens");
                    }

                    lines += line.StartsWith("data:", StringComparison.Ordinal) ? 1 : 0;
                }
            }

            var during = Heap();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode,-12} {(during - before) / open,10:N0} bytes"));
            foreach (var (response, reader) in responses)
            {
                reader.Dispose();
                response.Dispose();
            }
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task OneStreamAsync(HttpClient client, string url, LongHistogram chunk, LongHistogram ttft, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        var body = """{"model":"m","stream":true,"messages":[{"role":"user","content":"Tell me about rivers."}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-load-id", id);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var index = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal) || !line.Contains("\"content\"", StringComparison.Ordinal))
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            var sent = Sent[id][index];
            lock (chunk)
            {
                chunk.RecordValue(Math.Max(0, Stopwatch.GetElapsedTime(sent, now).Ticks));
                if (index == 0)
                {
                    ttft.RecordValue(Stopwatch.GetElapsedTime(started, now).Ticks);
                }
            }

            index++;
        }

        Sent.TryRemove(id, out _);
    }

    private static async Task<WebApplication> StartUpstreamAsync(int tokens, TimeSpan interval)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async context =>
        {
            var id = context.Request.Headers["x-load-id"].ToString();
            var sent = Sent.GetOrAdd(id, _ => new long[tokens]);
            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < tokens; i++)
            {
                var chunk = JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { content = " " + Words[i % Words.Length] }, finish_reason = (string?)null } } });
                sent[i] = Stopwatch.GetTimestamp();
                await context.Response.WriteAsync("data: " + chunk + "\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(interval, context.RequestAborted);
            }

            await context.Response.WriteAsync("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n", context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    private static string WritePolicies()
    {
        var source = RepoPaths.Policies;
        var dir = Path.Combine(Path.GetTempPath(), "guardrail-load-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var optimistic = File.ReadAllText(Path.Combine(dir, "default.yaml"))
            .Replace("name: default", "name: optimistic", StringComparison.Ordinal)
            .Replace("mode: holdback", "mode: optimistic", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "optimistic.yaml"), optimistic);
        return dir;
    }

    private static string[] Route(string name, string policy, string upstream) =>
    [
        $"--ReverseProxy:Routes:{name}:ClusterId=up",
        $"--ReverseProxy:Routes:{name}:Match:Path=/{name}/{{**rest}}",
        $"--ReverseProxy:Routes:{name}:Metadata:guardrail-policy={policy}",
        $"--ReverseProxy:Routes:{name}:Metadata:guardrail-anonymous=true",
        $"--ReverseProxy:Routes:{name}:Transforms:0:PathRemovePrefix=/{name}",
    ];

    private static double Us(LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) / 10.0;

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
