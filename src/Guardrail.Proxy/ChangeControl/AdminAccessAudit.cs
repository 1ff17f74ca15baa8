using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Audit;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// Access events of the admin listener in the audit trail: every state-changing call (<c>admin.request</c>) and
/// refused bearer keys (<c>admin.denied</c>, at most one record per minute with the count of the others, so a
/// key-guessing client cannot flood the trail). The caller's address is recorded as a hash, the key never.
/// </summary>
internal sealed class AdminAccessAudit(AuditLog? audit)
{
    private readonly MinuteFold _denied = new();

    public void Denied(HttpContext context)
    {
        if (audit is null)
        {
            return;
        }

        if (!_denied.TryPass(out var suppressed))
        {
            return;
        }

        audit.Append("admin.denied", [new("method", context.Request.Method), new("path", context.Request.Path.Value), new("client", ClientHash(context)), new("suppressed_before", suppressed)]);
    }

    public void Granted(HttpContext context)
    {
        if (audit is not null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            audit.Append("admin.request", [new("method", context.Request.Method), new("path", context.Request.Path.Value), new("client", ClientHash(context))]);
        }
    }

    /// <summary>16 bytes (hex) of the SHA-256 of the remote address: who, comparable across records, not stored in the clear.</summary>
    internal static string ClientHash(HttpContext context) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"))))[..32];
}
