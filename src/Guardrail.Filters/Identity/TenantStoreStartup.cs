using Microsoft.Extensions.Hosting;

namespace Guardrail.Filters.Identity;

/// <summary>Loads the tenants file when the host starts; an invalid file stops the host with every located error.</summary>
internal sealed class TenantStoreStartup(TenantStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = store.Initialize();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Guardrail tenants file failed to load:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
