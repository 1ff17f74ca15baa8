namespace Guardrail.Filters;

/// <summary>Options for <see cref="GuardrailReverseProxyBuilderExtensions.AddGuardrails"/>.</summary>
public sealed class GuardrailOptions
{
    /// <summary>A policy file, or a directory whose <c>*.yaml</c> files are policies. Reloaded on change.</summary>
    public string PolicyPath { get; set; } = "policies";

    // --- Identity and limits (Identity/, Limits/) ---

    /// <summary>
    /// The tenants file (API key hashes, tenants, limits, strikes). Null: <c>tenants/tenants.yaml</c> beside the
    /// policies, optional; when set, it must exist. Reloaded on change.
    /// </summary>
    public string? TenantsPath { get; set; }

    /// <summary>
    /// A StackExchange.Redis connection string (e.g. <c>localhost:6379</c>). Set: every counter lives in Redis and
    /// all instances share the limits. Null: counters live in this process.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// When true, clients whose address (after trusted proxies) is loopback get no strikes: blocked requests are
    /// still refused, but they never slow the client down or lock it out. For a local demo, where the operator is
    /// the only client and tries refusals on purpose; leave it off in front of a real model server, where a loopback
    /// client may be a sidecar relaying other people's requests.
    /// </summary>
    public bool ExemptLoopbackFromStrikes { get; set; }

    /// <summary>
    /// Most verdicts the model tiers keep (by hash of the normalised text of a message, a joined conversation or one
    /// window of a long text). About half a kilobyte each.
    /// </summary>
    public int VerdictCacheEntries { get; set; } = 20_000;

    /// <summary>
    /// Request headers forwarded on every guarded route besides each API's own list (content negotiation, tracing,
    /// the SDKs' headers, <c>OpenAI-*</c> / <c>anthropic-*</c>). Every other client header, cookies included, is
    /// dropped; a route adds more with the metadata <c>guardrail-forward-headers</c> (comma-separated).
    /// </summary>
    public IList<string> ForwardHeaders { get; } = [];

    /// <summary>
    /// Whether limit refusals, strikes and lockouts carry a <c>tenant</c> metric label (tenant names from the tenants
    /// file; every anonymous client is <c>anonymous</c>). Off by default: a label per tenant multiplies series.
    /// </summary>
    public bool TenantMetricLabels { get; set; }

    /// <summary>How many recent decisions the admin console lists (ids, scores and stage only).</summary>
    public int ConsoleRecentDecisions { get; set; } = 50;
}
