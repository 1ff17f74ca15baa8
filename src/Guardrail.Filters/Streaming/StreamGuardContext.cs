using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Streaming;

/// <summary>What one guarded stream needs from the request that started it.</summary>
/// <param name="Policy">The policy captured when the request arrived.</param>
/// <param name="Screen">The shared screen.</param>
/// <param name="Logger">Where halts and failures are logged.</param>
/// <param name="RequestId">The request's id.</param>
/// <param name="RouteId">The YARP route.</param>
/// <param name="Api">The adapter name.</param>
/// <param name="RequestContext">The last user turn, judged with every window (exchange classification).</param>
/// <param name="Egress">The client's output caps, charged per event with text; null when the client has none.</param>
internal sealed record StreamGuardContext(
    GuardPolicy Policy, Screen Screen, ILogger Logger, string RequestId, string RouteId, string Api, string? RequestContext,
    IEgressMeter? Egress = null)
{
    /// <summary>Called once when the content screen halts the stream (a strike against the client); null for none.</summary>
    public Action? OnContentBlocked { get; init; }

    /// <summary>Observers of screened text (shadow policy, capture); null when none was attached as the stream began.</summary>
    public Pipeline.ScreenTap? Tap { get; init; }

    /// <summary>When the request arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp); 0 when unknown.</summary>
    public long Arrived { get; init; }

    /// <summary>The policy store's version when the request arrived.</summary>
    public int PolicyRevision { get; init; }

    /// <summary>
    /// False when the policy does not screen output (<c>output.screen: false</c>): the stream is only metered against
    /// the client's output caps (<see cref="Egress"/>), passes byte for byte otherwise and is never halted for content.
    /// </summary>
    public bool ScreensText { get; init; } = true;
}
