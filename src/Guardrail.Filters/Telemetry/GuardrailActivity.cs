using System.Diagnostics;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// Guardrail's <see cref="ActivitySource"/>: one <c>guardrail.request</c> span per guarded request, under YARP's own
/// <c>proxy.forwarder</c> activity, with a child per stage (limits, adapter, screen with normalise and each tier,
/// forward, stream guard).
/// </summary>
/// <remarks>
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null while nothing listens, so an untraced
/// proxy pays one check per span; tags and events are built only for an activity that records
/// (<see cref="Activity.IsAllDataRequested"/>).
/// </remarks>
internal static class GuardrailActivity
{
    public const string SourceName = "Guardrail";

    public const string Request = "guardrail.request";
    public const string Identify = "guardrail.limits.identify";
    public const string Admit = "guardrail.limits.admit";
    public const string Adapter = "guardrail.adapter";
    public const string Screen = "guardrail.screen";
    public const string Normalize = "guardrail.normalize";
    public const string TierPrefix = "guardrail.tier.";
    public const string Forward = "guardrail.forward";
    public const string StreamGuard = "guardrail.stream_guard";
    public const string OutputScreen = "guardrail.output";

    public static ActivitySource Source { get; } = new(SourceName, typeof(GuardrailActivity).Assembly.GetName().Version?.ToString());

    /// <summary>Starts a span under the current activity, or returns null when nothing listens.</summary>
    public static Activity? Start(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>
    /// Records a stage that ran in pieces (one per text variant) as one span covering its total time, placed at
    /// <paramref name="start"/>: the spans of one screen are laid end to end in stage order.
    /// </summary>
    public static void StageSpan(string name, string stage, DateTime start, TimeSpan total, int calls)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, tags: null, links: null, startTime: start);
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("guardrail.stage", stage);
            activity.SetTag("guardrail.stage.calls", calls);
        }

        activity.SetEndTime(start + total);
        activity.Stop();
    }
}
