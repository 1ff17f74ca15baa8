using Guardrail.Filters.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Guardrail.Proxy.Telemetry;

/// <summary>
/// Registers OpenTelemetry for the proxy: the <c>Guardrail</c> meter for Prometheus scraping (served by the admin
/// listener) and OTLP, and the <c>Guardrail</c> and <c>Yarp.ReverseProxy</c> activity sources for OTLP traces.
/// </summary>
/// <remarks>
/// Nothing is registered that nobody reads: without an admin listener and an OTLP endpoint the meter has no listener
/// and the activity sources none, so the hot path pays one flag test per instrument and one per span.
/// </remarks>
internal static class TelemetrySetup
{
    /// <summary>YARP's own activity source (its <c>proxy.forwarder</c> activity parents Guardrail's request span).</summary>
    public const string YarpSource = "Yarp.ReverseProxy";

    /// <summary>
    /// ASP.NET Core's request activity, YARP's parent. It must be listened to: left to logging's activity tracking it
    /// exists unrecorded, and the default parent-based sampler then drops every span below it.
    /// </summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    public static void Add(IServiceCollection services, TelemetrySettings? settings, bool prometheus)
    {
        ArgumentNullException.ThrowIfNull(services);
        settings ??= new TelemetrySettings();
        var otlp = Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        if (!prometheus && otlp is null)
        {
            return;
        }

        var protocol = string.Equals(settings.OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(settings.ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GuardrailMetrics.MeterName);
            if (prometheus)
            {
                // No response cache: a scrape right after a request must see it (Prometheus scrapes every 15 s anyway).
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp is not null)
            {
                metrics.AddOtlpExporter(o =>
                {
                    o.Endpoint = Signal(otlp, protocol, "v1/metrics");
                    o.Protocol = protocol;
                });
            }
        });

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(AspNetCoreSource, YarpSource, GuardrailActivity.SourceName)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = Signal(otlp, protocol, "v1/traces");
                    o.Protocol = protocol;
                }));
        }
    }

    /// <summary>OTLP/HTTP wants the signal's path on a programmatic endpoint; gRPC takes the bare address.</summary>
    private static Uri Signal(Uri endpoint, OtlpExportProtocol protocol, string path) =>
        protocol == OtlpExportProtocol.Grpc || endpoint.AbsolutePath.Length > 1 ? endpoint : new Uri(endpoint, path);
}
