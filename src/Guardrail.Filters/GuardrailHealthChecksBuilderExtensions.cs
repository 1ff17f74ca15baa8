using Guardrail.Filters.Health;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guardrail.Filters;

/// <summary>Adds Guardrail's readiness to ASP.NET Core health checks.</summary>
public static class GuardrailHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that is healthy once Guardrail's policies are loaded and every model they use has finished loading;
    /// until then, or while a model failed to load, it reports
    /// <paramref name="failureStatus"/> with the reason. Requires <see cref="GuardrailReverseProxyBuilderExtensions.AddGuardrails"/>.
    /// Map it with <c>app.MapHealthChecks("/readyz")</c>.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="name">The check's name in health reports.</param>
    /// <param name="failureStatus">What a not-ready Guardrail reports; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHealthChecksBuilder AddGuardrailCheck(
        this IHealthChecksBuilder builder, string name = "guardrail", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name, sp => new GuardrailHealthCheck(sp.GetRequiredService<PolicyStore>()), failureStatus, tags));
    }
}
