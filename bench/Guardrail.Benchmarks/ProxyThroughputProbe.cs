using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Guardrail.Filters.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Guardrail.Benchmarks -- throughput PATH/Guardrail.Proxy.dll</c>: the
/// proxy's throughput and latency with limits off (identity only), in memory, and in Redis, against an upstream that
/// answers at once. Each mode runs the real proxy binary as its own process; load comes from this process over
/// loopback with a fixed number of concurrent clients for a fixed time.
/// </summary>
internal static class ProxyThroughputProbe
{
    private const int Clients = 16;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private const string Key = "sk-throughput-probe";

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
        """);

    public static async Task RunAsync(string proxyDll, TextWriter output)
    {
        await using var upstream = await StartUpstreamAsync();
        var upstreamAddress = upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var limits = $$"""
            strikes: { enabled: true }
            tenants:
              probe:
                keys: [{{ApiKeyHash.Compute(Key)}}]
                limits: { requests_per_minute: 100000000, concurrent_requests: 100000, input_tokens_per_minute: 1000000000000, output_tokens_per_minute: 1000000000000, output_tokens_per_day: 1000000000000 }
            """;
        await Mode(output, proxyDll, upstreamAddress, "limits off (identity only)", "strikes: { enabled: false }\ntenants: {}", [], anonymous: true);
        await Mode(output, proxyDll, upstreamAddress, "limits in memory", limits, [], anonymous: false);
        using var redis = RedisProcess.Start();
        await Mode(output, proxyDll, upstreamAddress, "limits in Redis", limits, ["--redis", redis.ConnectionString], anonymous: false);
    }

    private static async Task Mode(TextWriter output, string proxyDll, string upstream, string name, string tenants, string[] extra, bool anonymous)
    {
        var tenantsFile = Path.Combine(Path.GetTempPath(), "guardrail-probe-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(tenantsFile, tenants);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { proxyDll, "--urls", $"http://127.0.0.1:{port}", "--upstream", upstream, "--tenants", tenantsFile,
                     "--Guardrail:AllowAnonymous=" + (anonymous ? "true" : "false"), "--Logging:LogLevel:Default=Warning" }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        using var proxy = Process.Start(info)!;
        proxy.OutputDataReceived += (_, _) => { };
        proxy.ErrorDataReceived += (_, _) => { };
        proxy.BeginOutputReadLine();
        proxy.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            await WaitReadyAsync(client);
            await Load(client, Warmup);
            var (count, errors, latencies) = await Load(client, Duration);
            latencies.Sort();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {count / Duration.TotalSeconds,8:F0} req/s  p50 {latencies[latencies.Count / 2],6:F2} ms  p99 {latencies[(int)(latencies.Count * 0.99)],6:F2} ms  errors {errors}"));
        }
        finally
        {
            proxy.Kill();
            await proxy.WaitForExitAsync();
            File.Delete(tenantsFile);
        }
    }

    private static async Task<(int Count, int Errors, List<double> Latencies)> Load(HttpClient client, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var count = 0;
        var errors = 0;
        var latencies = new List<double>[Clients];
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent("""{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}]}""", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/v1/chat/completions", content);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return (count, errors, latencies.SelectMany(l => l).ToList());
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the proxy did not start");
    }

    private static async Task<WebApplication> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Answer.Length;
            await context.Response.Body.WriteAsync(Answer);
        });
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
