using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;

namespace Guardrail.Proxy.OperatorConsole;

/// <summary>
/// The JSON the console polls: decision counts, recent decisions (ids, scores, stage — never text), policy and tenants
/// revisions with rejected edits, limit usage per tenant and the encoder's queue.
/// </summary>
internal static class ConsoleState
{
    public static object Build(IServiceProvider proxy, BundleGate? gate)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var feed = proxy.GetRequiredService<GuardrailMetrics>().Feed;
        var store = proxy.GetRequiredService<PolicyStore>();
        var tenants = proxy.GetService<TenantStore>();
        var cache = proxy.GetRequiredService<Screen>().Cache;
        var gateState = InferenceGate.Shared;

        // File names only, as /readyz shows them: the errors themselves can quote lexicon terms.
        var rejected = store.LastErrors.Concat(tenants?.LastErrors ?? [])
            .Select(e => Path.GetFileName(e.File))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new
        {
            policy = new
            {
                version = store.Version,
                names = store.IsReady ? store.Current.ByName.Keys.Order(StringComparer.Ordinal).ToArray() : [],
                tenants_version = tenants?.Version,
                bundle_revision = gate?.Serving?.Manifest.Revision,
                last_bundle_rejection = gate?.LastRejection is { } r ? new { code = r.Code.ToString(), revision = r.Revision, at = r.At } : null,
                rejected_edits = rejected,
            },
            total = feed.Total,
            counts = feed.Counts().Select(c => new { direction = c.Direction, category = c.Category, action = c.Action, count = c.Count }),
            recent = feed.Recent().Select(d => new
            {
                at = d.At,
                request_id = d.RequestId,
                route = d.RouteId,
                api = d.Api,
                direction = d.Direction,
                action = d.Action,
                category = d.Category,
                score = Math.Round(d.Score, 4),
                stage = d.Stage,
                elapsed_ms = Math.Round(d.ElapsedMs, 3),
            }),
            tenants = feed.Tenants().Select(t => new
            {
                tenant = t.Key,
                admitted = t.Value.Admitted,
                strikes = t.Value.Strikes,
                lockouts = t.Value.Lockouts,
                refused = t.Value.Refused.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
            }),
            encoder = new
            {
                waiting = gateState.Waiting,
                active = gateState.Active,
                peak_active = gateState.PeakActive,
                cache_hit_ratio = cache is null ? (double?)null : Math.Round(cache.HitRatio, 4),
                cache_entries = cache?.Count,
            },
        };
    }
}
