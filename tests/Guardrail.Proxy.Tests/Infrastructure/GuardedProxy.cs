using Guardrail.Tests.Shared;
using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>A test upstream and the real proxy in front of it, both on real Kestrel at loopback port 0.</summary>
internal sealed class GuardedProxy : IAsyncDisposable
{
    private GuardedProxy(TestUpstream upstream, ProxyApp proxy, string policyDir, HttpClient client)
    {
        Upstream = upstream;
        Proxy = proxy;
        PolicyDir = policyDir;
        Client = client;
    }

    public TestUpstream Upstream { get; }

    public ProxyApp Proxy { get; }

    /// <summary>A private copy of the shipped policies; tests may edit it (hot reload).</summary>
    public string PolicyDir { get; }

    /// <summary>A plain client with the proxy as base address.</summary>
    public HttpClient Client { get; }

    public Uri Address => Proxy.Address;

    public static Task<GuardedProxy> StartAsync(params string[] extraArgs) => StartAsync(extraArgs, editPolicy: null, configureServices: null);

    /// <summary>Starts with the default policy edited by <paramref name="editPolicy"/> and extra services.</summary>
    public static async Task<GuardedProxy> StartAsync(
        string[] extraArgs, Func<string, string>? editPolicy, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices)
    {
        var upstream = await TestUpstream.StartAsync();
        var policyDir = RepoPaths.CopyPoliciesToTemp();
        var file = Path.Combine(policyDir, "default.yaml");
        // The shipped 250 ms stream deadline is for production; a loaded test machine would halt harmless streams.
        var text = (await File.ReadAllTextAsync(file)).Edit("deadline_ms: 250", "deadline_ms: 5000");
        var edited = editPolicy?.Invoke(text) ?? text;
        if (editPolicy is not null && edited == text)
        {
            throw new InvalidOperationException("The policy edit changed nothing.");
        }

        await File.WriteAllTextAsync(file, edited);

        string[] args = ["--urls", "http://127.0.0.1:0", "--upstream", upstream.Address.ToString(), "--policy", policyDir, "--Logging:LogLevel:Default=Warning",
            "--Guardrail:ForwardHeaders=" + Clients.ScriptedModel.ScriptHeader, .. extraArgs];
        var proxy = await ProxyApp.StartAsync(args, configureServices);
        var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };

        // The sentence encoder loads in the background after start; tests begin once the proxy says it is ready.
        await WaitReadyAsync(client);
        return new GuardedProxy(upstream, proxy, policyDir, client);
    }

    /// <summary>Polls /readyz until it answers 200 (at most a minute: a loaded CI machine loads models slowly).</summary>
    public static async Task WaitReadyAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var ready = await client.GetAsync("/readyz");
            if (ready.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
        try
        {
            Directory.Delete(PolicyDir, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp folder is harmless.
        }
    }
}
