namespace Guardrail.Proxy.Telemetry;

/// <summary>
/// The <c>Guardrail:Telemetry</c> section: where metrics and traces go. Prometheus scraping needs no setting (it is on
/// the admin listener whenever that listens); OTLP push is on when <see cref="OtlpEndpoint"/> is set.
/// </summary>
internal sealed class TelemetrySettings
{
    /// <summary>OTLP collector endpoint (for example <c>http://127.0.0.1:4318</c>); metrics and traces are pushed there.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; init; } = "http/protobuf";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; init; } = "guardrail";

    /// <summary>Label limit refusals, strikes and lockouts by tenant name (off: one series set for all tenants).</summary>
    public bool TenantLabels { get; init; }
}
