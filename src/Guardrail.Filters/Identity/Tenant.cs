using System.Collections.Frozen;
using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Identity;

/// <summary>
/// A client organisation: its limits (defaults filled in), and extra limits on single routes or models, which hold
/// in addition to the tenant-wide ones.
/// </summary>
internal sealed class Tenant(string name, LimitSet limits, FrozenDictionary<string, LimitSet> routes, FrozenDictionary<string, LimitSet> models)
{
    public string Name { get; } = name;

    public LimitSet Limits { get; } = limits;

    /// <summary>Extra limits by YARP route id.</summary>
    public FrozenDictionary<string, LimitSet> Routes { get; } = routes;

    /// <summary>Extra limits by the request's <c>model</c>.</summary>
    public FrozenDictionary<string, LimitSet> Models { get; } = models;
}
