using System.Net;
using System.Net.Sockets;
using Guardrail.Filters.Telemetry;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Proxy.Tests.Pipeline;

public sealed class UpstreamFailureLoggingTests
{
    [Fact]
    public async Task UnreachableUpstream_LogsOneWarningWithRequestIdAndDestination_NoStackTrace()
    {
        var closedPort = ClosedPort();
        var destination = $"http://127.0.0.1:{closedPort}/";
        var logs = new CapturingLoggerProvider();

        // Default log levels (no Logging overrides): what an operator sees out of the box.
        await using (var proxy = await ProxyApp.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--upstream", destination, "--policy", RepoPaths.Policies],
            services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            var requestId = Assert.Single(response.Headers.GetValues(RequestIds.HeaderName));

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
            var warning = Assert.Single(warnings);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Equal("UpstreamFailed", warning.EventId.Name);
            Assert.Contains(requestId, warning.Message, StringComparison.Ordinal);
            Assert.Contains(destination, warning.Message, StringComparison.Ordinal);
            Assert.Contains("Connection refused", warning.Message, StringComparison.Ordinal);
            Assert.Null(warning.Exception);
            Assert.DoesNotContain('\n', warning.Message);
            Assert.All(logs.Entries, e => Assert.Null(e.Exception));
        }
    }

    [Fact]
    public async Task ClientGoneWhileUpstreamThinks_LoggedAsClientNotAsUpstreamFailure()
    {
        var logs = new CapturingLoggerProvider();
        await using var proxy = await GuardedProxy.StartAsync(
            ["--Logging:LogLevel:Guardrail.Filters.Pipeline=Information"], editPolicy: null, services => services.AddSingleton<ILoggerProvider>(logs));
        var upstreamSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Upstream.Responder = async context =>
        {
            upstreamStarted.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            upstreamSawAbort.TrySetResult();
        };

        using var cancel = new CancellationTokenSource();
        var send = proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign), cancel.Token);
        await upstreamStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        await upstreamSawAbort.Task.WaitAsync(TimeSpan.FromSeconds(10));

        CapturedLog? entry = null;
        for (var i = 0; i < 100 && entry is null; i++)
        {
            entry = logs.Entries.FirstOrDefault(e => e.EventId.Name is "ClientFailed" or "UpstreamFailed");
            if (entry is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(entry);
        Assert.Equal("ClientFailed", entry.EventId.Name);
        Assert.Contains("RequestCanceled", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "UpstreamFailed");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
