using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.ChangeControl;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// The admin listener: a Kestrel of its own (loopback by default, never the client-facing port) with its own bearer
/// key. <c>GET /admin/status</c> shows the serving revision, its signers, when it applied and the last rejection;
/// <c>POST /admin/rollback</c> re-applies the previous good revision (signatures checked again); <c>GET /admin/shadow</c>
/// shows the shadow policy's statistics (also part of the status). Without signed bundles (no gate) only the
/// operator's endpoints are served (<see cref="OperatorConsole.OperatorEndpoints"/>: metrics, console).
/// </summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<AdminServer> StartAsync(
        string urls, string bearerKey, BundleGate? gate, ShadowGate? shadow, Filters.Audit.AuditLog? audit, IServiceProvider? proxy, CancellationToken cancellationToken)
    {
        var denials = new AdminAccessAudit(audit);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(bearerKey));
        app.Use(async (context, next) =>
        {
            if (OperatorConsole.OperatorEndpoints.IsPublic(context.Request))
            {
                await next(context);
                return;
            }

            var header = context.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";

            // Compare digests in constant time: the length of the key leaks nothing either.
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected))
            {
                denials.Denied(context);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            denials.Granted(context);

            await next(context);
        });
        if (proxy is not null)
        {
            OperatorConsole.OperatorEndpoints.Map(app, proxy, gate);
        }

        if (gate is not null)
        {
            app.MapGet("/admin/status", () => Results.Json(Status(gate, shadow)));
            app.MapGet("/admin/shadow", () => Results.Json(AdminShadow.Status(shadow)));
            app.MapPost("/admin/rollback", () =>
            {
                var verdict = gate.Rollback();
                return verdict.Accepted
                    ? Results.Json(new { rolled_back = true, status = Status(gate, shadow) })
                    : Results.Json(new { rolled_back = false, code = verdict.Code.ToString(), reason = verdict.Reason }, statusCode: StatusCodes.Status409Conflict);
            });
        }
        await app.StartAsync(cancellationToken);
        return new AdminServer(app);
    }

    private static object Status(BundleGate gate, ShadowGate? shadow)
    {
        var serving = gate.Serving;
        var rejection = gate.LastRejection;
        return new
        {
            revision = serving?.Manifest.Revision,
            signers = serving?.Signers ?? [],
            created = serving?.Manifest.Created,
            expires = serving?.Manifest.Expires,
            applied_at = serving?.AppliedAt,
            files = serving?.Manifest.Files.Count,
            trusted_keys = gate.TrustedKeys?.Keys.Select(k => k.KeyId).ToArray() ?? [],
            last_rejection = rejection is null ? null : new { code = rejection.Code.ToString(), reason = rejection.Reason, revision = rejection.Revision, at = rejection.At },
            rejected_since_applied = rejection is not null && serving is not null && rejection.At >= serving.AppliedAt,
            shadow = AdminShadow.Status(shadow),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
