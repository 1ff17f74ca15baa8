using System.Net.Http.Headers;
using Guardrail.Filters.Identity;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>
/// The real proxy (default routes, one test upstream) with a tenants file written by the test. Clients present
/// <see cref="Key"/> (tenant <c>acme</c>) unless a test says otherwise.
/// </summary>
internal sealed class LimitedProxy : IAsyncDisposable
{
    public const string Key = "sk-acme-test-key";
    public const string UpstreamKey = "sk-upstream-provider-secret";

    private LimitedProxy(GuardedProxy proxy, string tenantsFile)
    {
        Proxy = proxy;
        TenantsFile = tenantsFile;
    }

    public GuardedProxy Proxy { get; }

    public string TenantsFile { get; }

    public TestUpstream Upstream => Proxy.Upstream;

    public Uri Address => Proxy.Address;

    public static string Hash(string key) => ApiKeyHash.Compute(key).ToString();

    /// <summary>
    /// A tenants file with tenant <c>acme</c> (key <see cref="Key"/>) whose <c>limits:</c> block is
    /// <paramref name="acmeLimits"/> (flow mapping body), plus <paramref name="extra"/> top-level YAML (by default
    /// strikes off, so that only the limit under test acts) and <paramref name="acmeExtra"/> lines under the tenant.
    /// </summary>
    public static string Tenants(string acmeLimits, string extra = "strikes: { enabled: false }", string acmeExtra = "") => $$"""
        {{extra}}
        tenants:
          acme:
            keys: [{{Hash(Key)}}]
            limits: { {{acmeLimits}} }
        {{acmeExtra}}
        """;

    public static Task<LimitedProxy> StartAsync(string tenantsYaml, params string[] extraArgs) => StartAsync(tenantsYaml, null, extraArgs);

    /// <summary>As above, with extra services (a log capture).</summary>
    public static Task<LimitedProxy> StartAsync(string tenantsYaml, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices, params string[] extraArgs) =>
        StartWithPolicyAsync(tenantsYaml, editPolicy: null, configureServices, extraArgs);

    /// <summary>As above, with the default policy edited by <paramref name="editPolicy"/>.</summary>
    public static async Task<LimitedProxy> StartWithPolicyAsync(
        string tenantsYaml, Func<string, string>? editPolicy, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices, params string[] extraArgs)
    {
        var file = Path.Combine(Path.GetTempPath(), "guardrail-tenants-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, tenantsYaml);
        string[] args =
        [
            "--tenants", file,
            "--upstream-key", "Test:ProviderKey",
            "--Test:ProviderKey=" + UpstreamKey,
            .. extraArgs,
        ];
        var proxy = await GuardedProxy.StartAsync(args, editPolicy, configureServices);
        return new LimitedProxy(proxy, file);
    }

    /// <summary>A client with the proxy as base address and <paramref name="key"/> as bearer key (null: none).</summary>
    public HttpClient Client(string? key = Key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        File.Delete(TenantsFile);
    }
}
