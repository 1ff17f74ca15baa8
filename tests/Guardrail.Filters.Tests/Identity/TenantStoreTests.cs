using System.Diagnostics;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Tests.Policy;

namespace Guardrail.Filters.Tests.Identity;

public sealed class TenantStoreTests : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);
    private static readonly PolicyStoreOptions Fast = new() { PollInterval = TimeSpan.FromMilliseconds(100), SettleTime = TimeSpan.FromMilliseconds(50) };

    private readonly PolicyTestDirectory _dir = new();
    private readonly CapturingLogger<TenantStore> _logger = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingOptionalFile_ServesEmptyPolicy()
    {
        using var store = new TenantStore(_dir.PathOf("tenants/tenants.yaml"), required: false, _logger, Fast);

        Assert.Empty(store.Initialize());
        Assert.Same(AccessPolicy.Empty, store.Current);
        Assert.Contains(_logger.Entries, e => e.EventId.Id == 2002);
    }

    [Fact]
    public void MissingRequiredFile_IsAStartError()
    {
        using var store = new TenantStore(_dir.PathOf("tenants.yaml"), required: true, _logger, Fast);

        var error = Assert.Single(store.Initialize());
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_AddsKeyWithoutRestart_AndInvalidEditKeepsLastGood()
    {
        var path = _dir.Write("tenants.yaml", TenantsYaml.OneTenant());
        using var store = new TenantStore(path, required: true, _logger, Fast);
        Assert.Empty(store.Initialize());
        Assert.False(store.Current.ByKey.ContainsKey(ApiKeyHash.Compute("sk-new")));

        File.WriteAllText(path, $"""
            tenants:
              acme: {"{"} keys: [{TenantsYaml.Hash("sk-acme")}, {TenantsYaml.Hash("sk-new")}] {"}"}
            """);
        Assert.True(await WaitFor(() => store.Current.ByKey.ContainsKey(ApiKeyHash.Compute("sk-new"))));
        var good = store.Current;

        File.WriteAllText(path, "tenants: { acme: { keys: [sk-plaintext] } }");
        Assert.True(await WaitFor(() => store.LastErrors.Count > 0));
        Assert.Same(good, store.Current);
        Assert.Contains(_logger.Entries, e => e.EventId.Id == 2001);
    }

    [Fact]
    public async Task DeletedFile_KeepsServingLastVersion()
    {
        var path = _dir.Write("tenants.yaml", TenantsYaml.OneTenant());
        using var store = new TenantStore(path, required: true, _logger, Fast);
        Assert.Empty(store.Initialize());
        var loaded = store.Current;

        File.Delete(path);

        Assert.True(await WaitFor(() => store.LastErrors.Count > 0));
        Assert.Same(loaded, store.Current);
    }

    private static async Task<bool> WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < MaxWait)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return condition();
    }
}
