using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Benchmarks;

/// <summary>The shipped policies as a ready proxy runs them: loaded without errors, every model tier loaded.</summary>
internal static class ShippedPolicy
{
    /// <summary>
    /// A store over the repository's <c>policies/</c> (the caller disposes it) and its default policy, after the
    /// encoder's background load has finished: a benchmark must not time the load.
    /// </summary>
    public static PolicyStore Load(out GuardPolicy policy)
    {
        var store = new PolicyStore(RepoPaths.Policies, NullLogger<PolicyStore>.Instance);
        var errors = store.Initialize();
        if (errors.Count > 0)
        {
            store.Dispose();
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        policy = store.Default!;
        foreach (var tier in policy.Cascade.Tiers)
        {
            _ = tier.Model.WaitForLoad();
        }

        return store;
    }
}
