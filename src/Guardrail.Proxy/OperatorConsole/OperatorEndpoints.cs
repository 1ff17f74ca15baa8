using Guardrail.Filters.ChangeControl;
using OpenTelemetry.Metrics;

namespace Guardrail.Proxy.OperatorConsole;

/// <summary>
/// The operator's endpoints on the admin listener: Prometheus scraping (<c>GET /metrics</c>), the console page
/// (<c>GET /console</c>) and its data (<c>GET /admin/console/state</c>, <c>POST /admin/console/try</c>).
/// </summary>
/// <remarks>
/// Everything but the page itself needs the admin bearer key. The page is static (no data, no key inside): a browser
/// cannot send a bearer key when navigating, so the page asks for it (or takes it from the URL fragment, which never
/// reaches a server or its logs) and sends it with each call.
/// </remarks>
internal static class OperatorEndpoints
{
    public const string ConsolePath = "/console";
    public const string MetricsPath = "/metrics";

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(OperatorEndpoints).Assembly.GetManifestResourceStream("Guardrail.Proxy.OperatorConsole.console.html")
            ?? throw new InvalidOperationException("console.html is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>Whether a request may pass without the admin key (only the static console page).</summary>
    public static bool IsPublic(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) && request.Path.Equals(ConsolePath, StringComparison.Ordinal);
    }

    /// <summary>Maps the endpoints; call after the admin listener's key check.</summary>
    public static void Map(WebApplication admin, IServiceProvider proxy, BundleGate? gate)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(proxy);
        // The console's feed records from now on (before, decisions cost it one flag test each).
        proxy.GetRequiredService<Guardrail.Filters.Telemetry.GuardrailMetrics>().Feed.Enabled = true;
        if (proxy.GetService<MeterProvider>() is { } meters)
        {
            admin.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: MetricsPath, configureBranchedPipeline: null, optionsName: null);
        }

        admin.MapGet(ConsolePath, (HttpContext context) =>
        {
            // No caching and no framing: the page drives admin calls with a key typed into it.
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Frame-Options"] = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";
            return Results.Bytes(Page.Value, "text/html; charset=utf-8");
        });
        admin.MapGet("/admin/console/state", () => Results.Json(ConsoleState.Build(proxy, gate)));
        admin.MapPost("/admin/console/try", (TryPromptRequest? body, HttpContext context) => TryPrompt.RunAsync(body, proxy, context.RequestAborted));
    }
}
