using Guardrail.Filters.Audit;
using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Policy;
using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// Wires change control into the host: opens the audit trail, verifies and stages the bundle before the policy
/// store exists (so the store only ever sees verified bytes), and after start watches for new bundles and serves the
/// admin listener. Everything here is off unless <c>Guardrail:ChangeControl</c> asks for it.
/// </summary>
internal sealed class ChangeControlHost : IAsyncDisposable
{
    private readonly AuditLog? _audit;
    private readonly BundleGate? _gate;
    private readonly ChangeControlSettings _settings;
    private AdminServer? _admin;

    private ChangeControlHost(ChangeControlSettings settings, AuditLog? audit, BundleGate? gate)
    {
        _settings = settings;
        _audit = audit;
        _gate = gate;
    }

    public BundleGate? Gate => _gate;

    public AuditLog? Audit => _audit;

    public Uri? AdminAddress => _admin?.Address;

    /// <summary>
    /// Prepares change control and registers what it replaces (the policy and tenants stores over the staged bundle,
    /// the decision audit). Null host and null error: nothing configured. An error stops the start with exit 2.
    /// </summary>
    public static (ChangeControlHost? Host, string? Error) Prepare(WebApplicationBuilder builder, ProxySettings settings, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.ChangeControl;
        if (options is null || (string.IsNullOrWhiteSpace(options.TrustedKeys) && string.IsNullOrWhiteSpace(options.AuditLog)))
        {
            // The admin listener alone (metrics, console) needs neither a gate nor an audit trail.
            return (options is { AdminKey.Length: > 0 } ? new ChangeControlHost(options, null, null) : null, null);
        }

        var signed = !string.IsNullOrWhiteSpace(options.TrustedKeys);
        if (signed && string.IsNullOrWhiteSpace(options.AuditLog))
        {
            return (null, "guardrail: Guardrail:ChangeControl:TrustedKeys needs Guardrail:ChangeControl:AuditLog (the audit trail records the highest applied revision, the rollback floor across restarts)");
        }

        if (signed && !string.IsNullOrWhiteSpace(settings.Tenants))
        {
            return (null, "guardrail: with signed bundles the tenants file is part of the bundle (tenants/tenants.yaml); remove --tenants");
        }

        if (options.RequiredSignatures < 1 || options.AuditCheckpointEvery < 1 || options.AuditMaxFileBytes < 4096)
        {
            return (null, "guardrail: Guardrail:ChangeControl: RequiredSignatures and AuditCheckpointEvery must be at least 1, AuditMaxFileBytes at least 4096");
        }

        var (audit, auditError) = AuditLog.Open(new AuditLogOptions
        {
            Path = options.AuditLog!,
            KeyPath = options.AuditKey,
            MaxFileBytes = options.AuditMaxFileBytes,
            CheckpointEvery = options.AuditCheckpointEvery,
        });
        if (audit is null)
        {
            return (null, "guardrail: " + auditError);
        }

        // Decisions reach the audit trail whatever the console's log level; only Guardrail's own categories are
        // offered to it, so other libraries' Information messages are not built for nothing.
        builder.Logging.AddProvider(new AuditLoggerProvider(audit));
        builder.Logging.AddFilter<AuditLoggerProvider>(null, LogLevel.None);
        builder.Logging.AddFilter<AuditLoggerProvider>("Guardrail.Filters", LogLevel.Information);
        if (!signed)
        {
            return (new ChangeControlHost(options, audit, null), null);
        }

        var gate = new BundleGate(new ChangeControlOptions
        {
            SourceDirectory = policyPath,
            TrustedKeysPath = Path.GetFullPath(options.TrustedKeys!),
            RequiredSignatures = options.RequiredSignatures,
        }, audit, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance); // start-up outcome: returned, audited, logged at attach
        var (staged, error) = gate.Initialize();
        if (staged is null)
        {
            gate.Dispose();
            audit.Dispose();
            return (null, "guardrail: " + error);
        }

        // Registered before AddGuardrails, whose TryAdd keeps these: the stores read the staged, verified copy only.
        builder.Services.AddSingleton(sp => new PolicyStore(staged, sp.GetRequiredService<ILogger<PolicyStore>>(), PolicyStore.Frozen));
        builder.Services.AddSingleton(sp => new TenantStore(gate.TenantsPath, required: false, sp.GetRequiredService<ILogger<TenantStore>>()));
        return (new ChangeControlHost(options, audit, gate), null);
    }

    /// <summary>After the host started: watch for bundles, open the admin listener.</summary>
    public async Task AttachAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        _gate?.Attach(services.GetRequiredService<PolicyStore>(), services.GetRequiredService<ILoggerFactory>().CreateLogger<BundleGate>());
        if (_settings.AdminKey is { Length: > 0 } name && (configuration[name] ?? Environment.GetEnvironmentVariable(name)) is { Length: > 0 } key)
        {
            _admin = await AdminServer.StartAsync(_settings.AdminUrls, key, _gate, services, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        _gate?.Dispose();
        _audit?.Dispose();
    }
}
