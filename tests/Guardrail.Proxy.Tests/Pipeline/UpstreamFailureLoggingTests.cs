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

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
