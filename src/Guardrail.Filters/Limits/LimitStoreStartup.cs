using Microsoft.Extensions.Hosting;

namespace Guardrail.Filters.Limits;

/// <summary>Creates the limit store when the host starts, so the first request does not wait for the Redis connection.</summary>
internal sealed class LimitStoreStartup(ILimitStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
