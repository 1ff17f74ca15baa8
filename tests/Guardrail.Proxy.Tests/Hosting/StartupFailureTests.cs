using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Hosting;

/// <summary>The real executable, as an operator runs it: exit codes and everything it prints.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task BusyPort_Exits1WithOneLineAndNoStackTrace()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var (code, output) = await RunProxyAsync("--upstream", "http://127.0.0.1:9/", "--urls", $"http://127.0.0.1:{port}", "--policy", RepoPaths.Policies);

        Assert.Equal(1, code);
        var mentions = output.Split('\n').Where(l => l.Contains("in use", StringComparison.OrdinalIgnoreCase)).ToList();
        var line = Assert.Single(mentions);
        Assert.StartsWith($"guardrail: port {port} is in use; pass --urls", line.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoUpstream_Exits2BeforeListening()
    {
        var (code, output) = await RunProxyAsync("--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies);

        Assert.Equal(2, code);
        Assert.Contains("pass --upstream URL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the proxy executable to its end (at most a minute); stdout and stderr together.</summary>
    private static async Task<(int Code, string Output)> RunProxyAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Guardrail.Proxy.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
