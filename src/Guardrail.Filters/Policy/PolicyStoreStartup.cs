using Microsoft.Extensions.Hosting;

namespace Guardrail.Filters.Policy;

/// <summary>
/// Loads the policies when the host starts. Invalid policies at start-up stop the host with every located error:
/// serving with no policy, or a half-loaded one, would be worse than not starting.
/// </summary>
internal sealed class PolicyStoreStartup(PolicyStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = store.Initialize();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Guardrail policies failed to load:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
