using System.Collections.Frozen;
using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Identity;

/// <summary>
/// One loaded tenants file: who may call (key hashes to tenants), what everyone is held to, how blocks escalate and
/// what happens when the shared store is down. Immutable; hot reload swaps whole instances, so a request that captured
/// one finishes under it.
/// </summary>
internal sealed class AccessPolicy
{
    /// <summary>What applies when there is no tenants file: no tenants, no anonymous limits, default strikes.</summary>
    public static AccessPolicy Empty { get; } = new("", FrozenDictionary<ApiKeyHash, Tenant>.Empty, []);

    public AccessPolicy(string sourcePath, FrozenDictionary<ApiKeyHash, Tenant> byKey, IReadOnlyList<Tenant> tenants)
    {
        SourcePath = sourcePath;
        ByKey = byKey;
        Tenants = tenants;
    }

    /// <summary>The file this came from; empty for <see cref="Empty"/>.</summary>
    public string SourcePath { get; }

    public FrozenDictionary<ApiKeyHash, Tenant> ByKey { get; }

    public IReadOnlyList<Tenant> Tenants { get; }

    /// <summary>Limits per client address on routes that allow anonymous use.</summary>
    public LimitSet Anonymous { get; init; } = LimitSet.None;

    public StrikePolicy Strikes { get; init; } = StrikePolicy.Default;

    public TrustedProxies TrustedProxies { get; init; } = TrustedProxies.None;

    public StoreFailureMode OnStoreUnavailable { get; init; } = StoreFailureMode.Local;

    /// <summary>
    /// When a request names no output maximum, one is inserted only when the tenant's allowance is at most this:
    /// larger values could exceed what a model accepts and turn a working request into a 400.
    /// </summary>
    public long InsertMaxTokensUpTo { get; init; } = 4096;
}
