using System.Net;
using Guardrail.Proxy.ChangeControl;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Proxy.Tests.Limits;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>Access events in the audit trail: strike lockouts and refused keys, with the client as a hash.</summary>
public sealed class AccessAuditTests
{
    [Fact]
    public async Task LockoutAndUnknownKey_AuditedWithClientHashNotKeys()
    {
        var root = Directory.CreateTempSubdirectory("guardrail-access-").FullName;
        var audit = Path.Combine(root, "audit.jsonl");
        await using (var proxy = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 100",
            extra: "strikes: { slow_down_after: 0, lockout_after: 1, lockout_seconds: 30, lockout_status: 403 }"),
            $"--Guardrail:ChangeControl:AuditLog={audit}"))
        {
            using var client = proxy.Client();
            using var stranger = proxy.Client("sk-not-a-tenant-key");
            using var blocked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
            using var locked = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            using var refused = await stranger.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var log = await File.ReadAllTextAsync(audit);
        Assert.Contains("\"type\":\"access.lockout\",\"client\":\"" + AuditLoggerProvider.ClientHash("t:acme") + "\",\"client_kind\":\"tenant\"", log, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"access.unauthorized\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(LimitedProxy.Key, log, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-not-a-tenant-key", log, StringComparison.Ordinal);
        var (code, output) = await SignedDeployment.TryCliAsync("audit", "verify", audit);
        Assert.True(code == 0, output);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task AdminListener_WrongKeyAndRollback_Audited()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        using (var anonymous = new HttpClient { BaseAddress = deployment.Proxy!.ChangeControl!.AdminAddress })
        using (var denied = await anonymous.GetAsync(new Uri("/admin/status", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using (var rollback = await deployment.Admin!.PostAsync(new Uri("/admin/rollback", UriKind.Relative), content: null))
        {
            Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode); // nothing to roll back to, but the call is on record
        }

        await deployment.StopAsync();
        var log = await File.ReadAllTextAsync(deployment.AuditLog);
        Assert.Contains("\"type\":\"admin.denied\"", log, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"admin.request\",\"method\":\"POST\",\"path\":\"/admin/rollback\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(SignedDeployment.AdminKey, log, StringComparison.Ordinal);
    }
}
