using System.Collections.Frozen;

namespace Guardrail.Filters.Policy;

/// <summary>
/// One immutable generation of the policy store. Readers take the whole snapshot with one volatile read, so a
/// request sees a consistent set of policies even while a reload publishes the next generation.
/// </summary>
internal sealed class PolicySnapshot
{
    public PolicySnapshot(FrozenDictionary<string, GuardPolicy> byName, GuardPolicy? defaultPolicy, int version)
    {
        ByName = byName;
        Default = defaultPolicy;
        Version = version;
    }

    public static PolicySnapshot Empty { get; } = new(FrozenDictionary<string, GuardPolicy>.Empty, null, 0);

    /// <summary>Policies by name.</summary>
    public FrozenDictionary<string, GuardPolicy> ByName { get; }

    /// <summary>The policy named <c>default</c>, or the only policy; null when nothing valid is loaded.</summary>
    public GuardPolicy? Default { get; }

    /// <summary>Incremented on each published change; 0 before the first successful load.</summary>
    public int Version { get; }
}
