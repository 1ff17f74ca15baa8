using Guardrail.Filters.Adapters;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// What the request side learned, handed to the response side through <see cref="Microsoft.AspNetCore.Http.HttpContext.Features"/>:
/// the policy captured at the start (hot reload never changes it mid-request), the adapter, and the request's context.
/// </summary>
internal sealed class GuardedExchange(
    GuardPolicy policy, IApiAdapter adapter, string requestId, string routeId, string? requestContext, string? model = null)
{
    public GuardPolicy Policy { get; } = policy;

    public IApiAdapter Adapter { get; } = adapter;

    public string RequestId { get; } = requestId;

    public string RouteId { get; } = routeId;

    /// <summary>The last user turn, judged with the answer (exchange classification).</summary>
    public string? RequestContext { get; } = requestContext;

    /// <summary>The request's <c>model</c>, named by a stream halt sent before the upstream announced one.</summary>
    public string? Model { get; } = model;

    /// <summary>The policy store's version when the request arrived (the revision findings name).</summary>
    public int PolicyRevision { get; init; }

    /// <summary>When the request arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp): time to first chunk counts from here.</summary>
    public long Arrived { get; init; }

    /// <summary>When it was handed to the forwarder; the response side measures upstream latency from here.</summary>
    public long Forwarded { get; set; }
}
