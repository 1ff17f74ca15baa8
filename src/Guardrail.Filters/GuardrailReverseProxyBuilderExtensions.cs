using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Routing;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Guardrail.Filters;

/// <summary>Registers Guardrail on a YARP proxy.</summary>
public static class GuardrailReverseProxyBuilderExtensions
{
    /// <summary>
    /// Adds Guardrail's services and transforms to the proxy: policy store with hot reload, the screen, the API
    /// adapters, output screening of non-streamed answers, and the proxy hygiene guarded routes need
    /// (<c>Accept-Encoding</c> stripped so answers can be inspected, <c>X-Forwarded-*</c> off unless a route asks for it,
    /// no drain of an abandoned upstream response). Pair it with <see cref="GuardrailApplicationBuilderExtensions.UseGuardrails"/>
    /// inside <c>MapReverseProxy</c>.
    /// </summary>
    public static IReverseProxyBuilder AddGuardrails(this IReverseProxyBuilder builder, Action<GuardrailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        // Bad options stop the host at start with the option's name (GuardrailOptionsValidator), not at first use.
        services.AddOptions<GuardrailOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GuardrailOptions>, GuardrailOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton<GuardrailMetrics>();
        services.TryAddSingleton(sp => new PolicyStore(
            sp.GetRequiredService<IOptions<GuardrailOptions>>().Value.PolicyPath,
            sp.GetRequiredService<ILogger<PolicyStore>>()));
        services.TryAddSingleton(sp => new VerdictCache(
            sp.GetRequiredService<IOptions<GuardrailOptions>>().Value.VerdictCacheEntries,
            sp.GetRequiredService<GuardrailMetrics>()));
        services.TryAddSingleton<Screen>();
        services.TryAddSingleton(sp => new RollingRisk.TopicMemory(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<RollingRisk.RiskMeter>();
        services.TryAddSingleton(AdapterRegistry.Default);
        services.TryAddSingleton<OutputScreenTransform>();
        services.TryAddSingleton<ScreenTap>();
        services.AddHostedService<PolicyStoreStartup>();

        // Identity and limits hook (Identity/, Limits/): tenants file, limit store, access gate.
        services.AddGuardrailAccess();

        // Route metadata is validated and parsed once per route config; the guarded routes' transforms are added there.
        services.TryAddSingleton<GuardedRoutes>();
        builder.AddTransforms<GuardrailTransformProvider>();

        // After a halt or a refused answer the upstream must stop at once, not drain (and bill) up to 1 MB.
        builder.ConfigureHttpClient((_, handler) => handler.MaxResponseDrainSize = 0);
        return builder;
    }
}
