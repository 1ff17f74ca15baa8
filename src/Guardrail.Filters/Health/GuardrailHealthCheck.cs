using Guardrail.Filters.Policy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guardrail.Filters.Health;

/// <summary>
/// Healthy once the policies can serve (<see cref="GuardrailReadiness"/>); otherwise the registration's failure
/// status with the reason. A rejected edit leaves it healthy (the last good version serves) and is named in the data.
/// </summary>
internal sealed class GuardrailHealthCheck(PolicyStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var readiness = GuardrailReadiness.Of(store);
        if (!readiness.Ready)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, readiness.Reason ?? "no policy loaded"));
        }

        // File names only: the errors themselves can quote lexicon terms, and health endpoints are often public.
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["policyVersion"] = store.Version,
            ["rejectedEdits"] = store.LastErrors.Select(e => Path.GetFileName(e.File)).Distinct(StringComparer.Ordinal).ToArray(),
        };
        return Task.FromResult(HealthCheckResult.Healthy("policies loaded", data));
    }
}
