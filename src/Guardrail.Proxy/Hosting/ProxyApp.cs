using Guardrail.Filters;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Policy;
using Guardrail.Proxy.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Guardrail.Proxy.Hosting;

/// <summary>
/// The runnable proxy: Kestrel, YARP with Guardrail, health endpoints, and the demo model when no upstream is
/// configured. Tests start it exactly as the command line does.
/// </summary>
internal sealed class ProxyApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoModelServer? _demo;

    private ProxyApp(WebApplication app, DemoModelServer? demo)
    {
        _app = app;
        _demo = demo;
    }

    /// <summary>The first address Kestrel listens on (with the real port when started on port 0).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The demo model's address, when it serves.</summary>
    public Uri? DemoAddress => _demo?.Address;

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the proxy as the command line does; <paramref name="configureServices"/> lets an embedding host (or a test) add services such as further classifier stages.</summary>
    public static async Task<ProxyApp> StartAsync(string[] args, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
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
            },
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--upstream"] = "Guardrail:Upstream",
            ["--policy"] = "Guardrail:Policy",
            ["--tenants"] = "Guardrail:Tenants",
            ["--redis"] = "Guardrail:Redis",
            ["--upstream-key"] = "Guardrail:UpstreamKey",
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(ProxySettings.DefaultUrls);
        }

        var settings = ProxySettings.From(builder.Configuration);
        var proxyConfig = builder.Configuration.GetSection("ReverseProxy");
        var proxy = builder.Services.AddReverseProxy();
        DemoModelServer? demo = null;
        if (proxyConfig.GetSection("Routes").GetChildren().Any())
        {
            proxy.LoadFromConfig(proxyConfig);
        }
        else
        {
            var upstream = settings.Upstream;
            if (string.IsNullOrWhiteSpace(upstream))
            {
                demo = await DemoModelServer.StartAsync(cancellationToken);
                upstream = demo.Address.ToString();
            }

            var (routes, clusters) = DefaultRoutes.For(upstream, TimeSpan.FromSeconds(settings.UpstreamTimeoutSeconds),
                settings.AllowAnonymous ?? string.IsNullOrWhiteSpace(settings.UpstreamKey), settings.UpstreamKey);
            proxy.LoadFromMemory(routes, clusters);
        }

        var policyPath = settings.ResolvePolicyPath();
        proxy.AddGuardrails(o =>
        {
            o.PolicyPath = policyPath;
            o.TenantsPath = settings.Tenants; // identity and limits
            o.Redis = settings.Redis;
        });

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", (PolicyStore store, IServiceProvider services) => Readiness(store, services.GetService<TenantStore>()));
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseGuardrails();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            if (demo is not null)
            {
                await demo.DisposeAsync();
            }

            throw;
        }

        if (demo is not null)
        {
            app.Logger.LogDemoModel(demo.Address);
        }

        return new ProxyApp(app, demo);
    }

    /// <summary>
    /// Ready once a default policy is loaded and every model its policies use (the sentence encoder, operator models)
    /// has finished loading in the background; a model that failed to load keeps the proxy not ready, with the reason.
    /// </summary>
    private static IResult Readiness(PolicyStore store, TenantStore? tenants)
    {
        if (!store.IsReady)
        {
            return Results.Json(new { status = "not ready" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var policies = store.Current.ByName.Values;
        if (policies.FirstOrDefault(p => !p.ModelsReady) is { } loading)
        {
            return Results.Json(
                new { status = "not ready", reason = loading.ModelError is { } error ? $"policy {loading.Name}: {error}" : $"policy {loading.Name}: models loading" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Still ready after a rejected edit (the last good version serves), but say so: an operator who edited a file
        // should not have to read logs to learn it did not apply. File names only: the errors themselves can quote
        // lexicon terms, and /readyz answers anyone who can reach the proxy.
        var rejected = store.LastErrors.Concat(tenants?.LastErrors ?? [])
            .Select(e => Path.GetFileName(e.File))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return Results.Ok(new { status = "ready", policyVersion = store.Version, tenantsVersion = tenants?.Version, rejectedEdits = rejected });
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
    }
}
