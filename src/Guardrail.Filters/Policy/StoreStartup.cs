using Microsoft.Extensions.Hosting;

namespace Guardrail.Filters.Policy;

/// <summary>
/// Loads a hot-reloaded file store when the host starts. Invalid files at start-up stop the host with every located
/// error: serving with none, or a half-loaded one, would be worse than not starting. Later edits are hot reloaded
/// (and a bad one leaves the last good version serving).
/// </summary>
/// <param name="what">What failed to load, for the message (<c>policies</c>, <c>tenants file</c>).</param>
/// <param name="initialize">The store's first load; returns every error found.</param>
internal abstract class StoreStartup(string what, Func<IReadOnlyList<PolicyError>> initialize) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = initialize();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Guardrail {what} failed to load:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
