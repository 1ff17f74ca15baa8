using Guardrail.Filters;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Policy;
using Guardrail.Proxy.ChangeControl;
using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Demo;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Guardrail.Proxy.Hosting;

/// <summary>
/// The runnable proxy: Kestrel, YARP with Guardrail, health endpoints, and the demo model when asked for
/// (<c>--demo</c>). Tests start it exactly as the command line does.
/// </summary>
internal sealed class ProxyApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoModelServer? _demo;
    private readonly ChangeControlHost? _changeControl;

    private ProxyApp(WebApplication app, DemoModelServer? demo, ChangeControlHost? changeControl)
    {
        _app = app;
        _demo = demo;
        _changeControl = changeControl;
    }

    /// <summary>Change control (signed bundles, audit trail, admin listener) when configured.</summary>
    internal ChangeControlHost? ChangeControl => _changeControl;

    /// <summary>The first address Kestrel listens on (with the real port when started on port 0).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The demo model's address, when it serves.</summary>
    public Uri? DemoAddress => _demo?.Address;

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the proxy from a command line, as <c>guardrail serve</c> does; <paramref name="configureServices"/> lets an
    /// embedding host (or a test) add services such as further classifier stages. A bad command line or configuration
    /// throws <see cref="InvalidOperationException"/> with the message the command line would print.
    /// </summary>
    public static async Task<ProxyApp> StartAsync(string[] args, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var parsed = ServeOptions.Parse(args);
        if (parsed.Options is not { } options)
        {
            throw new InvalidOperationException(parsed.Error);
        }

        var outcome = await TryStartAsync(options.ConfigurationArgs, configureServices, cancellationToken);
        return outcome.App ?? throw new InvalidOperationException(outcome.Error);
    }

    /// <summary>
    /// Starts the proxy from configuration arguments (<c>--Key=value</c>, see <see cref="ServeOptions"/>). Failures an
    /// operator can cause (invalid policies, no upstream, a busy port) are an outcome with one line and an exit code.
    /// </summary>
    public static async Task<StartOutcome> TryStartAsync(
        IReadOnlyList<string> configurationArgs, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configurationArgs);
        string[] args = [.. configurationArgs];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ProxyApp).Assembly.GetName().Name });

        // Defaults first, so appsettings, environment and command line all override them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",

                // YARP logs every request at Information; at proxy volumes that is noise and cost.
                ["Logging:LogLevel:Yarp"] = "Warning",

                // The forwarder logs each failed request as a Warning with the whole exception (16 lines for a refused
                // connection). The guardrail middleware logs the same failure as one line with the request id and the
                // destination (UpstreamFailed), so the forwarder's own copy is kept for errors only.
                ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder.HttpForwarder"] = "Error",

                // A failed start (busy port, invalid policy) is reported once, as one line, by the command line; the
                // host's "Hosting failed to start" error would print the same exception with its stack trace again.
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
            },
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(ProxySettings.DefaultUrls);
        }

        ProxySettings settings;
        try
        {
            settings = ProxySettings.From(builder.Configuration);
        }
        catch (InvalidOperationException ex)
        {
            // A setting of the wrong type (e.g. Guardrail__UpstreamTimeoutSeconds=soon); the binder names the key.
            return StartOutcome.Failed("guardrail: " + ex.Message, 2);
        }

        var proxyConfig = builder.Configuration.GetSection("ReverseProxy");
        var hasRoutes = proxyConfig.GetSection("Routes").GetChildren().Any();
        if (Misconfiguration(settings, hasRoutes) is { } misconfigured)
        {
            return StartOutcome.Failed(misconfigured, 2);
        }

        var urls = builder.Configuration["urls"] ?? ProxySettings.DefaultUrls;
        if (ListenProbe.FirstBusyPort(urls) is { } busyPort)
        {
            return StartOutcome.Failed(PortInUse(busyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), urls), 1);
        }

        // Change control (ChangeControl/): verifies and stages the signed bundle before any policy store exists.
        var (changeControl, changeControlError) = ChangeControlHost.Prepare(builder, settings, settings.ResolvePolicyPath());
        if (changeControlError is not null)
        {
            return StartOutcome.Failed(changeControlError, 2);
        }

        var proxy = builder.Services.AddReverseProxy();
        DemoModelServer? demo = null;
        if (hasRoutes)
        {
            proxy.LoadFromConfig(proxyConfig);
        }
        else
        {
            var upstream = settings.Upstream;
            if (settings.Demo)
            {
                demo = await DemoModelServer.StartAsync(cancellationToken);
                upstream = demo.Address.ToString();
            }

            var (routes, clusters) = DefaultRoutes.For(upstream!, TimeSpan.FromSeconds(settings.UpstreamTimeoutSeconds),
                settings.AllowAnonymous ?? string.IsNullOrWhiteSpace(settings.UpstreamKey), settings.UpstreamKey);
            proxy.LoadFromMemory(routes, clusters);
        }

        var policyPath = settings.ResolvePolicyPath();
        proxy.AddGuardrails(o =>
        {
            o.PolicyPath = policyPath;
            o.TenantsPath = settings.Tenants; // identity and limits
            o.Redis = settings.Redis;
            foreach (var header in (settings.ForwardHeaders ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                o.ForwardHeaders.Add(header);
            }

            // Trying the README's refusals on a local demo must not lock the operator out for 15 minutes. Only with
            // the demo model: behind a real upstream, a loopback client (a sidecar, a local agent) is held to strikes.
            o.ExemptLoopbackFromStrikes = settings.Demo;
            o.TenantMetricLabels = settings.Telemetry?.TenantLabels ?? false;
        });

        // Metrics for Prometheus when the admin listener will serve them, OTLP when an endpoint is set (Telemetry/).
        Telemetry.TelemetrySetup.Add(builder.Services, settings.Telemetry, prometheus: settings.ChangeControl?.AdminKey is { Length: > 0 });

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", (PolicyStore store, IServiceProvider services) => Readiness(store, services.GetService<TenantStore>(), services.GetService<Filters.ChangeControl.BundleGate>()));
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseGuardrails();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });

        string? failure = null;
        var exitCode = 0;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            failure = PortInUse(PortOf(ex), urls);
            exitCode = 1;
        }
        catch (InvalidOperationException ex)
        {
            // Invalid policies or tenants file: the message lists every error with file, line and column.
            failure = ex.Message;
            exitCode = 2;
        }
        catch
        {
            await DisposeAsync(app, demo, changeControl);
            throw;
        }

        if (failure is not null)
        {
            await DisposeAsync(app, demo, changeControl);
            return StartOutcome.Failed(failure, exitCode);
        }

        if (changeControl is not null)
        {
            await changeControl.AttachAsync(app.Services, app.Configuration, cancellationToken);
        }

        if (demo is not null)
        {
            app.Logger.LogDemoModel(demo.Address);
        }

        return StartOutcome.Started(new ProxyApp(app, demo, changeControl));
    }

    /// <summary>The reason the settings cannot serve, or null. Checked whatever the source (command line, environment, appsettings).</summary>
    private static string? Misconfiguration(ProxySettings settings, bool hasRoutes)
    {
        var upstream = settings.Upstream;
        var hasUpstream = !string.IsNullOrWhiteSpace(upstream);
        if (settings.Demo && hasRoutes)
        {
            return "guardrail: --demo serves the default routes, but a ReverseProxy section with routes is configured; remove one of them";
        }

        if (settings.Demo && hasUpstream)
        {
            return $"guardrail: both --demo and an upstream ({upstream}) are configured; pass --upstream URL or --demo, not both";
        }

        if (!settings.Demo && !hasRoutes && !hasUpstream)
        {
            // Never fall back to the demo model: a deployment whose upstream setting went missing would answer
            // clients with made-up 200s.
            return "guardrail: no upstream configured; pass --upstream URL for your model server (or set Guardrail__Upstream), or --demo for the built-in demo model";
        }

        if (hasUpstream && !hasRoutes && !ServeOptions.IsHttpUrl(upstream!))
        {
            return $"guardrail: Guardrail:Upstream '{upstream}' is not an http:// or https:// URL";
        }

        return settings.UpstreamTimeoutSeconds <= 0
            ? $"guardrail: Guardrail:UpstreamTimeoutSeconds must be at least 1 (is {settings.UpstreamTimeoutSeconds})"
            : null;
    }

    /// <summary>The port Kestrel could not bind, from its message ("Failed to bind to address http://127.0.0.1:8080: address already in use.").</summary>
    private static string? PortOf(IOException ex)
    {
        var match = System.Text.RegularExpressions.Regex.Match(ex.Message, @"https?://\S+?:(\d+)(?=[:/\s]|$)");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>"port 8080 is in use; pass --urls ...".</summary>
    private static string PortInUse(string? port, string urls)
    {
        if (!int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var busy))
        {
            return $"guardrail: the listen address ({urls}) is in use; pass --urls http://127.0.0.1:PORT with a free port";
        }

        var other = busy is > 0 and < 65535 ? busy + 1 : 8081;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"guardrail: port {busy} is in use; pass --urls http://127.0.0.1:PORT with a free port (for example --urls http://127.0.0.1:{other}), or stop the process using it");
    }

    private static async Task DisposeAsync(WebApplication app, DemoModelServer? demo, ChangeControlHost? changeControl)
    {
        await app.DisposeAsync();
        if (demo is not null)
        {
            await demo.DisposeAsync();
        }

        if (changeControl is not null)
        {
            await changeControl.DisposeAsync();
        }
    }

    /// <summary>
    /// Ready once a default policy is loaded and every model its policies use (the sentence encoder, operator models)
    /// has finished loading in the background; a model that failed to load keeps the proxy not ready, with the reason.
    /// </summary>
    private static IResult Readiness(PolicyStore store, TenantStore? tenants, Filters.ChangeControl.BundleGate? bundles)
    {
        // The same rule as the library's health check (AddGuardrailCheck), so both say the same thing.
        var readiness = Filters.Health.GuardrailReadiness.Of(store);
        if (!readiness.Ready)
        {
            return readiness.Reason is { } reason
                ? Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { status = "not ready" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Still ready after a rejected edit (the last good version serves), but say so: an operator who edited a file
        // should not have to read logs to learn it did not apply. File names only: the errors themselves can quote
        // lexicon terms, and /readyz answers anyone who can reach the proxy.
        var rejected = store.LastErrors.Concat(tenants?.LastErrors ?? [])
            .Select(e => Path.GetFileName(e.File))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        // Under change control: the serving revision, and a bundle refused since it applied (code and reason).
        return Results.Ok(new { status = "ready", policyVersion = store.Version, tenantsVersion = tenants?.Version, rejectedEdits = rejected, bundle = BundleReadiness.Of(bundles) });
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_demo is not null)
        {
            await _demo.DisposeAsync();
        }

        if (_changeControl is not null)
        {
            await _changeControl.DisposeAsync();
        }
    }
}
