using Guardrail.Filters.Audit;
using Guardrail.Filters.Capture;
using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
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
    private ShadowGate? _shadowGate;
    private ShadowRunner? _shadow;
    private ShadowMeterFactory? _shadowMeters;
    private BlockedTextCapture? _capture;

    private ChangeControlHost(ChangeControlSettings settings, AuditLog? audit, BundleGate? gate)
    {
        _settings = settings;
        _audit = audit;
        _gate = gate;
    }

    public BundleGate? Gate => _gate;

    public AuditLog? Audit => _audit;

    public Uri? AdminAddress => _admin?.Address;

    /// <summary>The shadow policy's gate, when <c>ShadowDirectory</c> is set.</summary>
    public ShadowGate? Shadow => _shadowGate;

    /// <summary>The encrypted capture of blocked text, when <c>CaptureKey</c> is set.</summary>
    public BlockedTextCapture? Capture => _capture;

    /// <summary>
    /// Prepares change control and registers what it replaces (the policy and tenants stores over the staged bundle,
    /// the decision audit). Null host and null error: nothing configured. An error stops the start with exit 2.
    /// </summary>
    public static (ChangeControlHost? Host, string? Error) Prepare(WebApplicationBuilder builder, ProxySettings settings, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.ChangeControl;
        if (options is null || new[] { options.TrustedKeys, options.AuditLog, options.ShadowDirectory, options.CaptureKey, options.CaptureDirectory }.All(string.IsNullOrWhiteSpace))
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

        if (Unworkable(options, signed, policyPath) is { } unworkable)
        {
            return (null, "guardrail: " + unworkable);
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
        // Debug: passes are logged at Debug (DecisionLog.LevelOf) and the trail records every decision.
        builder.Logging.AddFilter<AuditLoggerProvider>("Guardrail.Filters", LogLevel.Debug);
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
        builder.Services.AddSingleton(gate); // readiness names the last rejection
        builder.Services.AddSingleton(sp => new PolicyStore(staged, sp.GetRequiredService<ILogger<PolicyStore>>(), PolicyStore.Frozen));
        builder.Services.AddSingleton(sp => new TenantStore(gate.TenantsPath, required: false, sp.GetRequiredService<ILogger<TenantStore>>()));
        return (new ChangeControlHost(options, audit, gate), null);
    }

    /// <summary>After the host started: watch for bundles, start the shadow policy and the capture, open the admin listener.</summary>
    public async Task AttachAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var tap = services.GetRequiredService<ScreenTap>();
        if (_audit is not null && _settings.CaptureKey is { Length: > 0 } captureKey)
        {
            var (recipient, error) = CaptureKey.Load(captureKey);
            if (recipient is null)
            {
                throw new InvalidOperationException("guardrail: Guardrail:ChangeControl:CaptureKey: " + error);
            }

            _capture = new BlockedTextCapture(recipient, new CaptureOptions
            {
                Directory = Path.GetFullPath(_settings.CaptureDirectory!),
                RetentionDays = _settings.CaptureRetentionDays,
            }, _audit, loggers.CreateLogger<BlockedTextCapture>());
            _capture.Start();
            tap.Attach(_capture);
        }

        _gate?.Attach(services.GetRequiredService<PolicyStore>(), loggers.CreateLogger<BundleGate>());
        if (_gate is not null && _settings.ShadowDirectory is { Length: > 0 } shadowDirectory)
        {
            _shadowGate = new ShadowGate(shadowDirectory, _gate, _audit, loggers.CreateLogger<ShadowGate>(), loggers.CreateLogger<PolicyStore>());

            // The shadow's own screen: the host's extra stages as live, but its own meter (Guardrail.Shadow), verdict
            // cache and inference gate, so it neither pollutes live metrics nor queues ahead of live requests.
            _shadowMeters = new ShadowMeterFactory();
            var screen = new Screen(new GuardrailMetrics(_shadowMeters), services.GetServices<ITextClassifier>(), new VerdictCache(2_000, null), new InferenceGate());
            _shadow = new ShadowRunner(_shadowGate, screen, _audit, loggers.CreateLogger<ShadowRunner>(), new ShadowOptions
            {
                SamplesPerMinute = _settings.ShadowSamplesPerMinute,
                SummaryInterval = TimeSpan.FromSeconds(_settings.ShadowSummarySeconds),
            });
            _shadowGate.Start();
            _shadow.Start();
            tap.Attach(_shadow);
        }

        if (_settings.AdminKey is { Length: > 0 } name && (configuration[name] ?? Environment.GetEnvironmentVariable(name)) is { Length: > 0 } key)
        {
            _admin = await AdminServer.StartAsync(_settings.AdminUrls, key, _gate, _shadowGate, _audit, services, cancellationToken);
        }
    }

    /// <summary>Settings that cannot work together, checked before anything is opened.</summary>
    private static string? Unworkable(ChangeControlSettings options, bool signed, string policyPath)
    {
        if (options.ShadowDirectory is { Length: > 0 } shadow)
        {
            if (!signed)
            {
                return "Guardrail:ChangeControl:ShadowDirectory needs signed bundles (Guardrail:ChangeControl:TrustedKeys): a shadow candidate is verified like any bundle";
            }

            if (string.Equals(Path.GetFullPath(shadow).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(policyPath).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                return "Guardrail:ChangeControl:ShadowDirectory must not be the policy directory (the shadow candidate is deployed apart from the live bundle)";
            }

            if (options.ShadowSamplesPerMinute < 0 || options.ShadowSummarySeconds < 1)
            {
                return "Guardrail:ChangeControl: ShadowSamplesPerMinute must be at least 0 and ShadowSummarySeconds at least 1";
            }
        }

        if (options.CaptureKey is { Length: > 0 })
        {
            if (string.IsNullOrWhiteSpace(options.AuditLog))
            {
                return "Guardrail:ChangeControl:CaptureKey needs Guardrail:ChangeControl:AuditLog (each capture's hash is recorded there)";
            }

            if (string.IsNullOrWhiteSpace(options.CaptureDirectory))
            {
                return "Guardrail:ChangeControl:CaptureKey needs Guardrail:ChangeControl:CaptureDirectory (where encrypted captures go)";
            }

            if (options.CaptureRetentionDays is < 1 or > 3650)
            {
                return $"Guardrail:ChangeControl:CaptureRetentionDays must be between 1 and 3650 (is {options.CaptureRetentionDays})";
            }

            var (key, error) = CaptureKey.Load(options.CaptureKey);
            if (key is null)
            {
                return "Guardrail:ChangeControl:CaptureKey: " + error;
            }

            key.Dispose();
        }
        else if (!string.IsNullOrWhiteSpace(options.CaptureDirectory))
        {
            return "Guardrail:ChangeControl:CaptureDirectory is set but CaptureKey is not; capture needs the operator's public key";
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_shadow is not null)
        {
            await _shadow.DisposeAsync();
        }

        _shadowGate?.Dispose(); // writes the shadow's final summary before the audit trail closes
        _shadowMeters?.Dispose();
        if (_capture is not null)
        {
            await _capture.DisposeAsync();
        }

        _gate?.Dispose();
        _audit?.Dispose();
    }
}
