using Guardrail.Filters.ChangeControl;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>The shadow policy as the admin listener shows it (<c>GET /admin/shadow</c>, and <c>shadow</c> in the status).</summary>
internal static class AdminShadow
{
    public static object Status(ShadowGate? shadow)
    {
        if (shadow is null)
        {
            return new { state = "off" };
        }

        var candidate = shadow.Current;
        var rejection = shadow.LastRejection;
        var stats = candidate?.Stats.Snapshot();
        return new
        {
            state = shadow.State.ToString().ToLowerInvariant(),
            directory = shadow.Directory,
            revision = candidate?.Manifest.Revision,
            manifest_sha256 = candidate?.ManifestSha256,
            signers = candidate?.Signers ?? [],
            since = candidate?.AppliedAt,
            live_revision = shadow.Live.Serving?.Manifest.Revision,
            last_rejection = rejection is null ? null : new { code = rejection.Code.ToString(), reason = rejection.Reason, revision = rejection.Revision, at = rejection.At },
            statistics = stats is null ? null : new
            {
                offered = stats.Offered,
                screened = stats.Screened,
                agreed = stats.Agreed,
                disagreed = stats.DisagreedTotal,
                dropped_queue_full = stats.DroppedQueueFull,
                dropped_busy = stats.DroppedBusy,
                shadow_errors = stats.ShadowErrors,
                live_undecided = stats.LiveUndecided,
                missing_policy = stats.MissingPolicy,
                samples_audited = stats.SamplesAudited,
                samples_suppressed = stats.SamplesSuppressed,
                mean_shadow_ms = stats.MeanShadowMs,
                disagreements = stats.Disagreements,
            },
        };
    }
}
