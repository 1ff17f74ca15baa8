using Guardrail.Filters.Adapters;
using Guardrail.Filters.Identity;

namespace Guardrail.Filters.Limits;

/// <summary>
/// One request's identity and limit state, handed between the hooks through <c>HttpContext.Features</c>. Disposed
/// when the response has completed: frees the concurrency slot and gives back unused stream budget.
/// </summary>
internal sealed class ClientAccess(AccessPolicy policy, string partition, Tenant? tenant, string routeId, ApiFamily family, string requestId)
    : IAsyncDisposable
{
    public AccessPolicy Policy { get; } = policy;

    /// <summary><c>t:{tenant}</c>, or <c>anon:{address}</c>.</summary>
    public string Partition { get; } = partition;

    /// <summary>Null for an anonymous client.</summary>
    public Tenant? Tenant { get; } = tenant;

    public string RouteId { get; } = routeId;

    public ApiFamily Family { get; } = family;

    public string RequestId { get; } = requestId;

    /// <summary>The provider key to inject upstream, and how; null to send none.</summary>
    public string? UpstreamKey { get; init; }

    public bool UpstreamKeyAsXApiKey { get; init; }

    /// <summary>The scopes admission counted this request against.</summary>
    public IReadOnlyList<LimitScope> Scopes { get; set; } = [];

    /// <summary>Strikes neither count nor apply to this client (a loopback client of a local demo).</summary>
    public bool StrikesExempt { get; init; }

    /// <summary>What the rate-limit headers of the response say; null for none.</summary>
    public RateLimitSnapshot? Headers { get; set; }

    /// <summary>Output tokens the client had left at admission; null when output tokens are not limited.</summary>
    public long? OutputAllowance { get; set; }

    public IAsyncDisposable? Lease { get; set; }

    /// <summary>The egress meter, when the client has output caps.</summary>
    public EgressSession? Egress { get; set; }

    public async ValueTask DisposeAsync()
    {
        var lease = Lease;
        Lease = null;
        if (lease is not null)
        {
            await lease.DisposeAsync();
        }

        if (Egress is { } egress)
        {
            await egress.DisposeAsync();
        }
    }
}
