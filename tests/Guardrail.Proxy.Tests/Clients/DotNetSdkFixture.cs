using Guardrail.Tests.Shared;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// Two proxies in front of the scripted upstream for the .NET SDK suite, shared by its tests: the shipped policy
/// (OpenAI refusals as HTTP 400, Anthropic in-band) and the opposite refusal policy (OpenAI in-band, Anthropic 400).
/// Strikes are off so that the suite's own refusals do not lock it out.
/// </summary>
public sealed class DotNetSdkFixture : IAsyncLifetime
{
    private GuardedProxy? _shipped;
    private GuardedProxy? _opposite;
    private string? _tenantsFile;

    public Uri Shipped => _shipped!.Address;

    public Uri Opposite => _opposite!.Address;

    public async Task InitializeAsync()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Policies, "tenants", "tenants.yaml"));
        _tenantsFile = Path.Combine(Path.GetTempPath(), "guardrail-dotnet-sdk-tenants-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(_tenantsFile, shipped.Edit("  enabled: true", "  enabled: false"));

        _shipped = await GuardedProxy.StartAsync(["--tenants", _tenantsFile], editPolicy: null, configureServices: null);
        _shipped.Upstream.Responder = ScriptedModel.RespondAsync;
        _opposite = await GuardedProxy.StartAsync(["--tenants", _tenantsFile], OppositeRefusals, configureServices: null);
        _opposite.Upstream.Responder = ScriptedModel.RespondAsync;
    }

    public async Task DisposeAsync()
    {
        if (_shipped is not null)
        {
            await _shipped.DisposeAsync();
        }

        if (_opposite is not null)
        {
            await _opposite.DisposeAsync();
        }

        if (_tenantsFile is not null)
        {
            File.Delete(_tenantsFile);
        }
    }

    /// <summary>The shipped policy with each API's refusal shape swapped.</summary>
    public static string OppositeRefusals(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy
            .Edit("  openai: error", "  openai: completion")
            .Edit("  anthropic: message", "  anthropic: error");
    }
}
