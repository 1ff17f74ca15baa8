using Guardrail.Filters.Policy;
using Guardrail.Filters.Tests.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guardrail.Filters.Tests.Health;

/// <summary>The check a host adds with <c>AddGuardrailCheck</c>, run through ASP.NET Core's own health check service.</summary>
public sealed class GuardrailHealthCheckTests : IDisposable
{
    private readonly PolicyTestDirectory _dir = new();
    private readonly CapturingLogger<PolicyStore> _logger = new();

    public GuardrailHealthCheckTests() => _dir.WriteLexicon();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task NoPolicyLoadedYet_ReportsTheFailureStatusWithTheReason()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        using var store = new PolicyStore(_dir.Root, _logger);

        var entry = await CheckAsync(store, HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("no policy loaded", entry.Description);
    }

    [Fact]
    public async Task PoliciesLoaded_IsHealthyWithTheVersion()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        using var store = new PolicyStore(_dir.Root, _logger);
        Assert.Empty(store.Initialize());

        var entry = await CheckAsync(store, failureStatus: null);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1, entry.Data["policyVersion"]);
        Assert.Empty((string[])entry.Data["rejectedEdits"]);
    }

    [Fact]
    public async Task RejectedFile_StaysHealthyAndNamesTheFileOnly()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        _dir.Write("broken.yaml", PolicyYaml.Policy("broken", threshold: 3));
        using var store = new PolicyStore(_dir.Root, _logger);
        Assert.NotEmpty(store.Initialize());

        var entry = await CheckAsync(store, failureStatus: null);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(["broken.yaml"], (string[])entry.Data["rejectedEdits"]);
    }

    private static async Task<HealthReportEntry> CheckAsync(PolicyStore store, HealthStatus? failureStatus)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(store);
        services.AddHealthChecks().AddGuardrailCheck(failureStatus: failureStatus);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        return Assert.Single(report.Entries, e => e.Key == "guardrail").Value;
    }
}
