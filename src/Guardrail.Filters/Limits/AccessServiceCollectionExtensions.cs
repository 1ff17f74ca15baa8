using Guardrail.Filters.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Guardrail.Filters.Limits;

/// <summary>Registers identity and limits (called by <see cref="GuardrailReverseProxyBuilderExtensions.AddGuardrails"/>).</summary>
internal static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddGuardrailAccess(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(TokenCounter.Shared);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GuardrailOptions>>().Value;
            var (path, required) = TenantsPathOf(options);
            return new TenantStore(path, required, sp.GetRequiredService<ILogger<TenantStore>>());
        });
        services.AddHostedService<TenantStoreStartup>();
        services.TryAddSingleton(sp => new MemoryLimitStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ILimitStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GuardrailOptions>>().Value;
            var local = sp.GetRequiredService<MemoryLimitStore>();
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                return local;
            }

            var tenants = sp.GetRequiredService<TenantStore>();
            var redis = sp.GetRequiredService<IConnectionMultiplexer>();
            return new FailoverLimitStore(new RedisLimitStore(redis), local, () => tenants.Current.OnStoreUnavailable,
                sp.GetRequiredService<ILogger<FailoverLimitStore>>());
        });
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(RedisOptions(sp.GetRequiredService<IOptions<GuardrailOptions>>().Value.Redis!)));
        services.AddHostedService<LimitStoreStartup>();
        services.TryAddSingleton<AccessGate>();
        return services;
    }

    /// <summary>The tenants file: as configured (then it must exist), else <c>tenants/tenants.yaml</c> beside the policies.</summary>
    public static (string Path, bool Required) TenantsPathOf(GuardrailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.TenantsPath))
        {
            return (Path.GetFullPath(options.TenantsPath), true);
        }

        var policies = Path.GetFullPath(options.PolicyPath);
        var folder = Directory.Exists(policies) ? policies : Path.GetDirectoryName(policies) ?? policies;
        return (Path.Combine(folder, "tenants", "tenants.yaml"), false);
    }

    /// <summary>
    /// The connection string's settings, with the choices a limit store needs unless the string sets them: never give
    /// up connecting (start and serve while Redis is down), fail commands at once while disconnected instead of
    /// queueing them, short timeouts, and a steady reconnect so recovery is quick.
    /// </summary>
    public static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Names(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = 2000;
        }

        if (!Names(connectionString, "syncTimeout"))
        {
            options.SyncTimeout = 1000;
        }

        if (!Names(connectionString, "asyncTimeout"))
        {
            options.AsyncTimeout = 1000;
        }

        options.ReconnectRetryPolicy ??= new LinearRetry(500);
        options.ClientName ??= "guardrail";
        return options;
    }

    private static bool Names(string connectionString, string setting) =>
        connectionString.Contains(setting + "=", StringComparison.OrdinalIgnoreCase);
}
