using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
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

        builder.AddTransforms(context =>
        {
            string? policyName = null;
            context.Route.Metadata?.TryGetValue(GuardrailMetadata.PolicyKey, out policyName);
            if (string.Equals(policyName, GuardrailMetadata.Unguarded, StringComparison.Ordinal))
            {
                return;
            }

            // Client addresses are not the model provider's business; a route that wants them sets X-Forwarded itself.
            context.UseDefaultForwarders = false;

            // YARP forwards Accept-Encoding and never decompresses: a gzip answer could not be screened.
            context.AddRequestHeaderRemove("Accept-Encoding");

            // Identity and limits hook: client credentials never reach the upstream, the route's own key is injected;
            // non-streamed output is charged against egress caps before the output screen reads it.
            context.AddRequestTransform(UpstreamCredentialTransform.ApplyAsync);
            context.AddResponseTransform(context.Services.GetRequiredService<EgressResponseTransform>().ApplyAsync);

            var output = context.Services.GetRequiredService<OutputScreenTransform>();
            context.AddResponseTransform(output.ApplyAsync);
        });

        // After a halt or a refused answer the upstream must stop at once, not drain (and bill) up to 1 MB.
        builder.ConfigureHttpClient((_, handler) => handler.MaxResponseDrainSize = 0);
        return builder;
    }
}
