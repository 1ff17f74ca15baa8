using System.Diagnostics;
using System.Diagnostics.Metrics;
using Guardrail.Filters.Classification.Encoder;
using Microsoft.Extensions.Options;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// Guardrail's instruments on the <c>Guardrail</c> meter (exported by OpenTelemetry or read with dotnet-counters),
/// and the running totals the admin console shows (<see cref="Feed"/>).
/// </summary>
/// <remarks>
/// Tags carry direction, action, category, stage, reason and kind — never text, and no tenant unless
/// <see cref="GuardrailOptions.TenantMetricLabels"/> asks for it, so every series set stays bounded by the policy and
/// the tenants file. Tag values are constant strings and the tag lists live on the stack: recording allocates nothing
/// beyond what a listener does with the measurement, and with no listener an instrument is one flag test.
/// </remarks>
internal sealed class GuardrailMetrics
{
    public const string MeterName = "Guardrail";

    // Bucket advice (honoured by OpenTelemetry): screens take microseconds to a few hundred milliseconds, so the
    // default buckets (from 5 ms up) would put every lexical-only screen in the first one.
    private static readonly InstrumentAdvice<double> Milliseconds = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    };

    // The GenAI semantic conventions' advised boundaries for the client operation metrics (seconds) and token usage.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
    };

    private static readonly InstrumentAdvice<long> Tokens = new()
    {
        HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304],
    };

    private static readonly object True = "true";
    private static readonly object False = "false";

    private readonly Meter _meter;
    private readonly bool _tenantLabels;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _screenDuration;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _escalations;
    private readonly Histogram<double> _modelRunDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _halts;
    private readonly Counter<long> _lengthStops;
    private readonly Counter<long> _limitRefusals;
    private readonly Counter<long> _strikes;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _egressTokens;
    private readonly Counter<long> _egressBytes;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Histogram<double> _timePerChunk;
    private readonly Histogram<long> _tokenUsage;

    public GuardrailMetrics(IMeterFactory meterFactory)
        : this(meterFactory, null)
    {
    }

    public GuardrailMetrics(IMeterFactory meterFactory, IOptions<GuardrailOptions>? options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _tenantLabels = options?.Value.TenantMetricLabels ?? false;
        Feed = new DecisionFeed(options?.Value.ConsoleRecentDecisions ?? DecisionFeed.DefaultCapacity);
        var meter = meterFactory.Create(MeterName);
        _meter = meter;
        _decisions = meter.CreateCounter<long>("guardrail.decisions", unit: "{decision}", description: "Screening decisions by direction, action, category and deciding stage.");
        _screenDuration = meter.CreateHistogram<double>("guardrail.screen.duration", unit: "ms", description: "Time spent screening one request, answer or stream window.", tags: null, advice: Milliseconds);
        _stageDuration = meter.CreateHistogram<double>("guardrail.screen.stage.duration", unit: "ms", description: "Time one screen spent in each stage (normalise, lexical, each model tier).", tags: null, advice: Milliseconds);
        _cacheLookups = meter.CreateCounter<long>("guardrail.classifier.cache.lookups", unit: "{lookup}", description: "Verdict-cache lookups of the model tiers by level (text, chunk) and result (hit, miss).");
        _escalations = meter.CreateCounter<long>("guardrail.cascade.texts", unit: "{text}", description: "Screens the lexical tier ran, by whether it escalated them to the model tiers.");
        _modelRunDuration = meter.CreateHistogram<double>("guardrail.classifier.model.duration", unit: "ms", description: "Time of one model run (a batch of chunks), by stage.", tags: null, advice: Milliseconds);
        _queueWait = meter.CreateHistogram<double>("guardrail.inference.queue.wait", unit: "ms", description: "Time a model run waited for an inference slot.", tags: null, advice: Milliseconds);
        meter.CreateObservableGauge("guardrail.inference.queue.depth", () => InferenceGate.Shared.Waiting, unit: "{run}", description: "Model runs waiting for an inference slot.");
        meter.CreateObservableGauge("guardrail.inference.active", () => InferenceGate.Shared.Active, unit: "{run}", description: "Model runs holding an inference slot.");
        _halts = meter.CreateCounter<long>("guardrail.stream.halts", unit: "{stream}", description: "Streams the guard stopped, by reason.");
        _lengthStops = meter.CreateCounter<long>("guardrail.stream.length_stops", unit: "{stream}", description: "Streams ended with the length signal at the client's output cap.");
        _limitRefusals = meter.CreateCounter<long>("guardrail.limit.refusals", unit: "{request}", description: "Requests refused by limits, lockouts or the limit store, by kind and HTTP status.");
        _strikes = meter.CreateCounter<long>("guardrail.limit.strikes", unit: "{strike}", description: "Strikes recorded against clients for blocked requests.");
        _lockouts = meter.CreateCounter<long>("guardrail.limit.lockouts", unit: "{lockout}", description: "Clients locked out after strikes.");
        _egressTokens = meter.CreateCounter<long>("guardrail.egress.tokens", unit: "{token}", description: "Output tokens metered against clients' egress caps.");
        _egressBytes = meter.CreateCounter<long>("guardrail.egress.bytes", unit: "By", description: "Output bytes metered against clients' egress caps.");
        _upstreamDuration = meter.CreateHistogram<double>("guardrail.upstream.duration", unit: "ms", description: "Time from forwarding to the upstream's response headers, by outcome.", tags: null, advice: Milliseconds);

        // The GenAI semantic conventions' client metrics, as the gateway sees them (seconds, as the conventions say).
        _timeToFirstChunk = meter.CreateHistogram<double>("gen_ai.client.operation.time_to_first_chunk", unit: "s", description: "Time from the request's arrival to the first streamed chunk released to the client.", tags: null, advice: Seconds);
        _timePerChunk = meter.CreateHistogram<double>("gen_ai.client.operation.time_per_output_chunk", unit: "s", description: "Time between streamed chunks released to the client.", tags: null, advice: Seconds);
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", unit: "{token}", description: "Tokens per request (input: as the screen read it; output: as the guard read it), estimated at 4 characters per token.", tags: null, advice: Tokens);
    }

    /// <summary>Recent decisions and running counts for the admin console (in this process).</summary>
    public DecisionFeed Feed { get; }

    /// <summary>Publishes the verdict cache's hit ratio as an observable gauge.</summary>
    public void ObserveCacheHitRatio(Func<double> ratio) =>
        _meter.CreateObservableGauge("guardrail.classifier.cache.hit_ratio", ratio, unit: "1", description: "Verdict-cache hits over lookups since start.");

    public void RecordCacheLookup(string level, bool hit) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    // A boxed bool would be a fresh object per call; the tag value is one of two shared strings.
    public void RecordEscalation(bool escalated) =>
        _escalations.Add(1, new KeyValuePair<string, object?>("escalated", escalated ? True : False));

    public void RecordModelRun(string stage, double milliseconds) =>
        _modelRunDuration.Record(milliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void RecordQueueWait(double milliseconds) => _queueWait.Record(milliseconds);

    /// <summary>Whether anyone reads per-stage durations (the screen skips its per-stage clocks otherwise).</summary>
    public bool StageDurationsEnabled => _stageDuration.Enabled;

    public void RecordStageDuration(string stage, double milliseconds) =>
        _stageDuration.Record(milliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void RecordDecision(string direction, string action, string? category, string stage, double milliseconds)
    {
        var tags = new TagList
        {
            { "direction", direction },
            { "action", action },
            { "category", category ?? "none" },
            { "stage", stage },
        };
        _decisions.Add(1, tags);
        _screenDuration.Record(milliseconds, new KeyValuePair<string, object?>("direction", direction));
    }

    public void RecordHalt(string reason) => _halts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordLengthStop() => _lengthStops.Add(1);

    public void RecordLimitRefusal(string kind, int statusCode, string? tenant)
    {
        Feed.AddLimit(tenant, kind);
        if (!_limitRefusals.Enabled)
        {
            return;
        }

        var tags = new TagList { { "kind", kind }, { "status", StatusText(statusCode) } };
        if (_tenantLabels)
        {
            tags.Add("tenant", tenant ?? "anonymous");
        }

        _limitRefusals.Add(1, tags);
    }

    public void RecordAdmitted(string? tenant) => Feed.AddAdmitted(tenant);

    public void RecordStrike(string? tenant, bool lockout)
    {
        Feed.AddStrike(tenant, lockout);
        if (_tenantLabels)
        {
            _strikes.Add(1, new KeyValuePair<string, object?>("tenant", tenant ?? "anonymous"));
            if (lockout)
            {
                _lockouts.Add(1, new KeyValuePair<string, object?>("tenant", tenant ?? "anonymous"));
            }

            return;
        }

        _strikes.Add(1);
        if (lockout)
        {
            _lockouts.Add(1);
        }
    }

    public void RecordEgress(long tokens, long bytes)
    {
        if (tokens > 0)
        {
            _egressTokens.Add(tokens);
        }

        if (bytes > 0)
        {
            _egressBytes.Add(bytes);
        }
    }

    public void RecordUpstream(double milliseconds, bool failed) =>
        _upstreamDuration.Record(milliseconds, new KeyValuePair<string, object?>("outcome", failed ? "error" : "ok"));

    /// <summary>Whether anyone reads the per-chunk stream timings (the guard skips its clock reads otherwise).</summary>
    public bool ChunkTimingsEnabled => _timeToFirstChunk.Enabled || _timePerChunk.Enabled;

    public void RecordFirstChunk(double seconds, string operation, string provider) =>
        _timeToFirstChunk.Record(seconds, new KeyValuePair<string, object?>("gen_ai.operation.name", operation), new KeyValuePair<string, object?>("gen_ai.provider.name", provider));

    public void RecordChunkInterval(double seconds, string operation, string provider) =>
        _timePerChunk.Record(seconds, new KeyValuePair<string, object?>("gen_ai.operation.name", operation), new KeyValuePair<string, object?>("gen_ai.provider.name", provider));

    /// <summary>Whether anyone reads token usage (callers skip counting otherwise).</summary>
    public bool TokenUsageEnabled => _tokenUsage.Enabled;

    public void RecordTokenUsage(long tokens, bool input, string operation, string provider)
    {
        if (tokens <= 0 || !_tokenUsage.Enabled)
        {
            return;
        }

        _tokenUsage.Record(tokens,
            new KeyValuePair<string, object?>("gen_ai.token.type", input ? "input" : "output"),
            new KeyValuePair<string, object?>("gen_ai.operation.name", operation),
            new KeyValuePair<string, object?>("gen_ai.provider.name", provider));
    }

    private static string StatusText(int statusCode) => statusCode switch
    {
        429 => "429",
        403 => "403",
        503 => "503",
        400 => "400",
        _ => "other",
    };
}
