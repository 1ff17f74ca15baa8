using System.Diagnostics;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// Runs <c>tests/sdk-node/run.js</c> (the official OpenAI and Anthropic Node SDKs, pinned by its package-lock.json)
/// against a proxy and returns one result per case. Installs the packages with <c>npm ci</c> the first time (from the
/// lockfile; the registry is needed once), and bounds every process it starts.
/// </summary>
internal static class NodeSdkRunner
{
    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "sdk-node");

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Runs the cases of <paramref name="mode"/> against <paramref name="baseAddress"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, NodeCaseResult>> RunAsync(Uri baseAddress, string mode, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        await EnsureInstalledAsync();
        var (exit, stdout, stderr) = await RunProcessAsync(
            "node",
            ["run.js", "--base", baseAddress.ToString(), "--mode", mode, "--case-timeout-ms", "20000"],
            timeout,
            new Dictionary<string, string> { ["GUARDRAIL_BENIGN_PROMPT"] = Prompts.Benign, ["GUARDRAIL_HARMFUL_PROMPT"] = Prompts.Chemical });
        if (exit != 0)
        {
            throw new InvalidOperationException($"node run.js --mode {mode} exited with {exit}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        var results = new Dictionary<string, NodeCaseResult>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var result = JsonSerializer.Deserialize<NodeCaseResult>(line, JsonOptions)
                ?? throw new InvalidOperationException("run.js printed a null result: " + line);
            results[result.Case] = result;
        }

        return results;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "openai"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@anthropic-ai", "sdk")))
            {
                return;
            }

            // From the committed lockfile only: the versions under test never drift.
            var (exit, stdout, stderr) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), environment: null);
            if (exit != 0)
            {
                throw new InvalidOperationException(
                    $"The Node SDK suite installs its pinned packages with 'npm ci' in tests/sdk-node (README, Tested clients); it failed with exit code {exit}. "
                    + "Run 'npm ci --prefix tests/sdk-node' where the npm registry is reachable, then rerun dotnet test."
                    + $"\nstdout:\n{stdout}\nstderr:\n{stderr}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(
        string file, string[] arguments, TimeSpan timeout, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{file}' could not be started ({ex.Message}); the Node SDK suite needs Node 20+ and npm (Debian: apt-get install -y nodejs npm).", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}.\nstdout so far:\n{await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
