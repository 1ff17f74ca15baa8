using Guardrail.Tests.Shared;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// Runs the Node SDK suite once per policy for the whole test class (each run is a few dozen loopback requests):
/// <c>default</c> against the shipped policy (OpenAI refusals as errors, Anthropic in-band), <c>refused</c> against
/// the opposite refusal policy (OpenAI in-band, Anthropic errors), and <c>demo</c> against the built-in demo model.
/// Proxies run one at a time, on real Kestrel at loopback port 0, with strikes off so that refusals do not lock the
/// suite out.
/// </summary>
public sealed class NodeSdkFixture : IAsyncLifetime
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, NodeCaseResult>> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private string? _tenantsFile;

    /// <summary>The result of <paramref name="caseName"/> in <paramref name="mode"/>; fails the test if the run failed.</summary>
    public NodeCaseResult Result(string mode, string caseName)
    {
        if (_failures.TryGetValue(mode, out var failure))
        {
            throw new InvalidOperationException($"The Node SDK run for mode '{mode}' failed.", failure);
        }

        Assert.True(_results[mode].TryGetValue(caseName, out var result), $"run.js reported no case '{caseName}' in mode '{mode}'.");
        return result!;
    }

    public async Task InitializeAsync()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Policies, "tenants", "tenants.yaml"));
        var strikesOff = shipped.Edit("  enabled: true", "  enabled: false");
        Assert.NotEqual(shipped, strikesOff);
        _tenantsFile = Path.Combine(Path.GetTempPath(), "guardrail-node-sdk-tenants-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(_tenantsFile, strikesOff);

        await RunAgainstScriptedUpstreamAsync("default", editPolicy: null);
        await RunAgainstScriptedUpstreamAsync("refused", DotNetSdkFixture.OppositeRefusals);
        await RunAgainstDemoAsync();
    }

    public Task DisposeAsync()
    {
        if (_tenantsFile is not null)
        {
            File.Delete(_tenantsFile);
        }

        return Task.CompletedTask;
    }

    private async Task RunAgainstScriptedUpstreamAsync(string mode, Func<string, string>? editPolicy)
    {
        try
        {
            await using var proxy = await GuardedProxy.StartAsync(["--tenants", _tenantsFile!], editPolicy, configureServices: null);
            proxy.Upstream.Responder = ScriptedModel.RespondAsync;
            _results[mode] = await NodeSdkRunner.RunAsync(proxy.Address, mode, TimeSpan.FromMinutes(3));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            _failures[mode] = ex;
        }
    }

    private async Task RunAgainstDemoAsync()
    {
        // As GuardedProxy does: the shipped 250 ms stream deadline would halt harmless streams on a loaded machine.
        var policyDir = RepoPaths.CopyPoliciesToTemp();
        var policyFile = Path.Combine(policyDir, "default.yaml");
        await File.WriteAllTextAsync(policyFile, (await File.ReadAllTextAsync(policyFile)).Edit("deadline_ms: 250", "deadline_ms: 5000"));
        try
        {
            await using var proxy = await ProxyApp.StartAsync(
                ["--demo", "--urls", "http://127.0.0.1:0", "--policy", policyDir, "--tenants", _tenantsFile!, "--Logging:LogLevel:Default=Warning"]);
            using (var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) })
            {
                await GuardedProxy.WaitReadyAsync(client);
            }

            _results["demo"] = await NodeSdkRunner.RunAsync(proxy.Address, "demo", TimeSpan.FromMinutes(3));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            _failures["demo"] = ex;
        }
        finally
        {
            Directory.Delete(policyDir, recursive: true);
        }
    }
}
