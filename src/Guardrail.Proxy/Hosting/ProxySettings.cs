using Microsoft.Extensions.Configuration;

namespace Guardrail.Proxy.Hosting;

/// <summary>The host's own settings, from the <c>Guardrail</c> configuration section (command line, environment, appsettings).</summary>
internal sealed class ProxySettings
{
    public const string SectionName = "Guardrail";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Base URL of the one model server the default routes forward to.</summary>
    public string? Upstream { get; init; }

    /// <summary>
    /// Serve the built-in demo model as the upstream (<c>--demo</c>). Never implied: a deployment that lost its
    /// upstream setting must fail to start, not answer with made-up completions. Also turns strikes off for loopback
    /// clients, so trying the refusals locally does not lock the operator out.
    /// </summary>
    public bool Demo { get; init; }

    /// <summary>Policy file or directory.</summary>
    public string? Policy { get; init; }

    // --- Identity and limits ---

    /// <summary>Tenants file (keys, tenants, limits); default <c>tenants/tenants.yaml</c> beside the policies.</summary>
    public string? Tenants { get; init; }

    /// <summary>Redis connection string: limits shared by every instance. Unset: counted in this process.</summary>
    public string? Redis { get; init; }

    /// <summary>
    /// Extra request headers (comma-separated) every guarded route forwards besides each API's own list
    /// (<c>Guardrail:ForwardHeaders</c>); every other client header is dropped.
    /// </summary>
    public string? ForwardHeaders { get; init; }

    /// <summary>
    /// The configuration key (or environment variable) holding the provider key the default routes inject upstream.
    /// </summary>
    public string? UpstreamKey { get; init; }

    /// <summary>
    /// Whether the default routes serve clients without a known API key (per-address anonymous limits). Default:
    /// yes, unless an upstream key is injected; a gateway that spends a provider key asks for client keys.
    /// </summary>
    public bool? AllowAnonymous { get; init; }

    /// <summary>Change control (signed bundles, audit trail, admin listener): the <c>Guardrail:ChangeControl</c> section.</summary>
    public ChangeControl.ChangeControlSettings? ChangeControl { get; init; }

    /// <summary>Metrics and traces (OTLP endpoint, tenant labels): the <c>Guardrail:Telemetry</c> section.</summary>
    public Telemetry.TelemetrySettings? Telemetry { get; init; }

    /// <summary>Idle time before an upstream that sends nothing is answered with 504.</summary>
    public int UpstreamTimeoutSeconds { get; init; } = 300;

    public static ProxySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SectionName).Get<ProxySettings>() ?? new ProxySettings();
    }

    /// <summary>The policy path: as configured, else the default one (<see cref="PolicyLocation.Resolve"/>).</summary>
    public string ResolvePolicyPath() => PolicyLocation.Resolve(Policy);
}
