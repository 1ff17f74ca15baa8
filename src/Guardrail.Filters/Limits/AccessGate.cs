using System.Globalization;
using System.Net;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Guardrail.Filters.Routing;

namespace Guardrail.Filters.Limits;

/// <summary>
/// The request-side hooks of identity and limits, called by <see cref="GuardrailMiddleware"/>: who is calling
/// (<see cref="IdentifyAsync"/>), whether they may (<see cref="AdmitAsync"/>), a strike when the screen blocks
/// (<see cref="StrikeAsync"/>), and the output maximum forwarded (<see cref="CapOutputAsync"/>). Each refusal is
/// written in the API's own shape with its rate-limit headers; a method that returns false has answered.
/// </summary>
internal sealed class AccessGate(
    TenantStore tenants,
    ILimitStore store,
    TokenCounter tokens,
    IConfiguration configuration,
    TimeProvider time,
    IOptions<GuardrailOptions> options,
    ILogger<AccessGate> logger,
    GuardrailMetrics? metrics = null)
{
    /// <summary>
    /// Longest wait after which a refused client is still told it may retry. The Node and Python SDKs honour
    /// <c>Retry-After</c> only up to 60 s; past that they back off a few seconds and fail again, so a longer wait is
    /// worth telling the caller, not retrying.
    /// </summary>
    private static readonly TimeSpan LongestRetryableWait = TimeSpan.FromSeconds(60);

    /// <summary>The Stainless-generated SDKs' retry directive: <c>true</c> or <c>false</c> overrides their status-code rule.</summary>
    public const string ShouldRetryHeader = "x-should-retry";

    private readonly bool _exemptLoopback = options.Value.ExemptLoopbackFromStrikes;

    /// <summary>Identifies the client; on success the <see cref="ClientAccess"/> feature is set for the later hooks.</summary>
    public async ValueTask<bool> IdentifyAsync(HttpContext context, GuardedRoute route, ApiFamily family, string requestId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        var policy = tenants.Current;
        var key = ApiKeyReader.Read(context.Request);
        Tenant? tenant = null;
        if (key is not null && key.Length <= ApiKeyHash.MaxKeyLength)
        {
            policy.ByKey.TryGetValue(ApiKeyHash.Compute(key), out tenant);
        }

        if (tenant is null && !route.AllowsAnonymous)
        {
            var reason = key is null ? "no API key" : "unknown API key";
            IdentityLog.Unauthorized(logger, requestId, route.RouteId, reason);
            var message = key is null
                ? "You didn't provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY' or 'x-api-key: YOUR_KEY'."
                : "Incorrect API key provided.";
            await ApiResponseWriter.WriteAsync(context.Response, ApiErrors.Build(family, ApiErrorKind.Unauthorized, message), context.RequestAborted);
            return false;
        }

        string? upstreamKey = null;
        var asXApiKey = route.UpstreamKeyAsXApiKey ?? family == ApiFamily.Anthropic;
        if (route.UpstreamKeySetting is { } configKey)
        {
            upstreamKey = configuration[configKey];
            if (string.IsNullOrEmpty(upstreamKey))
            {
                IdentityLog.UpstreamKeyMissing(logger, route.RouteId, configKey, requestId);
                await ApiResponseWriter.WriteAsync(context.Response,
                    ApiErrors.Build(family, ApiErrorKind.Misconfigured, "The gateway has no credential for this model server; the request was not forwarded."), context.RequestAborted);
                return false;
            }
        }

        var address = tenant is null || _exemptLoopback ? ClientAddress.Resolve(context, policy.TrustedProxies) : null;
        var partition = tenant is not null ? "t:" + tenant.Name : ClientAddress.PartitionOf(address);
        var access = new ClientAccess(policy, partition, tenant, route.RouteId, family, requestId)
        {
            UpstreamKey = upstreamKey,
            UpstreamKeyAsXApiKey = asXApiKey,
            StrikesExempt = _exemptLoopback && address is not null && IPAddress.IsLoopback(ClientAddress.Normalize(address)),
        };
        context.Features.Set(access);
        context.Response.RegisterForDisposeAsync(access);
        context.Response.OnStarting(static state =>
        {
            var (ctx, clock) = ((HttpContext, TimeProvider))state;
            if (ctx.Features.Get<ClientAccess>() is { Headers: { IsEmpty: false } snapshot } a)
            {
                RateLimitHeaders.Write(ctx.Response.Headers, a.Family, snapshot, clock.GetUtcNow());
            }

            return Task.CompletedTask;
        }, (context, time));
        return true;
    }

    /// <summary>
    /// Counts the request against every scope (tenant, route, model): requests, input tokens of
    /// <paramref name="texts"/>, concurrency, and whether output budget is left. Called once per request, by the
    /// middleware's path for that request (screened requests with their prompt, reads and pass-through without).
    /// </summary>
    public async ValueTask<bool> AdmitAsync(HttpContext context, IReadOnlyList<ExtractedText>? texts, string? model)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<ClientAccess>() is not { } access)
        {
            return true;
        }

        var policy = access.Policy;
        var scopes = ScopesOf(access, model);
        access.Scopes = scopes;
        var strikes = policy.Strikes;
        var watchStrikes = strikes.Enabled && !access.StrikesExempt && (strikes.SlowDownAfter > 0 || strikes.LockoutAfter > 0);
        if (scopes.Count == 0 && !watchStrikes)
        {
            return true;
        }

        long inputTokens = 0;
        if (texts is not null && scopes.Any(s => s.Limits.InputTokensPerMinute is not null))
        {
            foreach (var text in texts)
            {
                inputTokens += tokens.Count(text.Text);
            }
        }

        var ops = new List<CounterOp>(8);
        var kinds = new List<(LimitKind Kind, LimitScope Scope)>(8);
        var concurrency = new List<(string, long)>(1);
        foreach (var scope in scopes)
        {
            var l = scope.Limits;
            Add(ops, kinds, scope, LimitKind.Requests, l.RequestsPerMinute, 1, CounterMode.Consume, "req");
            if (inputTokens > 0)
            {
                Add(ops, kinds, scope, LimitKind.InputTokens, l.InputTokensPerMinute, inputTokens, CounterMode.Consume, "in");
            }

            Add(ops, kinds, scope, LimitKind.OutputTokensPerMinute, l.OutputTokensPerMinute, 0, CounterMode.Require, "otm");
            if (l.OutputTokensPerDay is { } otd)
            {
                ops.Add(CounterOp.PerDay(scope.Name("otd"), otd, 0, CounterMode.Require));
                kinds.Add((LimitKind.OutputTokensPerDay, scope));
            }

            Add(ops, kinds, scope, LimitKind.OutputBytesPerMinute, l.OutputBytesPerMinute, 0, CounterMode.Require, "obm");
            if (l.ConcurrentRequests is { } concurrent)
            {
                concurrency.Add((scope.Name("conc"), concurrent));
            }
        }

        if (watchStrikes && strikes.SlowDownAfter > 0)
        {
            var (segmentMs, segments) = MemoryLimitStore.StrikeWindow(strikes);
            ops.Add(new CounterOp("strikes", segmentMs, segments, 0, 0, CounterMode.Peek));
            kinds.Add((LimitKind.Strikes, default));
        }

        var outcome = await store.ExecuteAsync(new LimitOperation(access.Partition, watchStrikes, ops, concurrency), context.RequestAborted);
        if (outcome.Status != LimitStatus.Ok)
        {
            await RefuseAsync(context, access, outcome, ops, kinds, inputTokens);
            return false;
        }

        metrics?.RecordAdmitted(access.Tenant?.Name);
        access.Lease = outcome.Lease;
        access.Headers = Snapshot(outcome, ops, kinds);
        access.OutputAllowance = Allowance(outcome, ops, kinds);
        if (scopes.Any(s => s.Limits.LimitsOutput))
        {
            var session = new EgressSession(store, access.Partition, scopes, tokens, metrics);
            access.Egress = session;
            context.Features.Set<IEgressMeter>(session);
        }

        // Escalation, first step: a client with recent strikes waits before each request.
        var strikeIndex = kinds.FindIndex(k => k.Kind == LimitKind.Strikes);
        if (strikeIndex >= 0 && outcome.Readings[strikeIndex].Used is var count && count >= strikes.SlowDownAfter && strikes.SlowDown > TimeSpan.Zero)
        {
            LimitsLog.SlowedDown(logger, access.RequestId, access.Partition, (long)strikes.SlowDown.TotalMilliseconds, count);
            await Task.Delay(strikes.SlowDown, time, context.RequestAborted);
        }

        return true;
    }

    /// <summary>Counts a blocked request against the client and escalates per the strike policy (logged).</summary>
    public async ValueTask StrikeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<ClientAccess>() is not { } access || !access.Policy.Strikes.Enabled)
        {
            return;
        }

        await RecordStrikeAsync(access);
    }

    private async ValueTask RecordStrikeAsync(ClientAccess access)
    {
        if (access.StrikesExempt)
        {
            LimitsLog.StrikeExempt(logger, access.Partition, access.RequestId, access.RouteId);
            return;
        }

        var policy = access.Policy.Strikes;
        var outcome = await store.StrikeAsync(access.Partition, policy, CancellationToken.None);
        var decision = outcome.Action switch
        {
            StrikeAction.Lockout => "lockout",
            StrikeAction.SlowDown => "slow_down",
            _ => outcome.Recorded ? "none" : "not_recorded",
        };
        LimitsLog.Strike(logger, access.Partition, access.RequestId, access.RouteId, outcome.Strikes, (long)policy.Window.TotalSeconds, decision);
        if (outcome.Recorded)
        {
            metrics?.RecordStrike(access.Tenant?.Name, outcome.Action == StrikeAction.Lockout);
        }

        if (outcome.Action == StrikeAction.Lockout)
        {
            LimitsLog.LockedOut(logger, access.Partition, (long)policy.Lockout.TotalSeconds, outcome.Strikes, policy.LockoutStatus);
        }
    }

    /// <summary>
    /// A callback that records one strike without blocking its caller (a stream's read path). The client is captured
    /// now, while the request is alive; the store is written on the thread pool, and a failure there is logged by
    /// the store's own failover, never thrown into the stream.
    /// </summary>
    public Action? StrikeInBackground(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<ClientAccess>() is not { } access || !access.Policy.Strikes.Enabled)
        {
            return null;
        }

        var fired = 0;
        return () =>
        {
            if (Interlocked.Exchange(ref fired, 1) == 0)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await RecordStrikeAsync(access);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        LimitsLog.StrikeFailed(logger, access.RequestId, ex.GetType().Name);
                    }
                });
            }
        };
    }

    /// <summary>
    /// Clamps the body's output maximum to the client's allowance. <see cref="OutputCap.Rewritten"/>: the request
    /// body was replaced (exact Content-Length); <see cref="OutputCap.Refused"/>: answered.
    /// </summary>
    public async ValueTask<OutputCap> CapOutputAsync(HttpContext context, IApiAdapter adapter, CappedBody body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(body);
        if (context.Features.Get<ClientAccess>() is not { OutputAllowance: { } allowance } access)
        {
            return OutputCap.Unchanged;
        }

        var (rewritten, error, none) = OutputCapRewriter.Rewrite(body.Memory.Span, adapter.OutputLimits, allowance, access.Policy.InsertMaxTokensUpTo);
        if (error is not null)
        {
            await ApiResponseWriter.WriteAsync(context.Response, ApiErrors.Build(adapter.Family, ApiErrorKind.InvalidRequest, error), context.RequestAborted);
            return OutputCap.Refused;
        }

        if (none)
        {
            await RefuseWithAsync(context, access, ApiErrors.Build(access.Family, ApiErrorKind.TokensLimited,
                $"Output token limit: {allowance} tokens left, fewer than one per requested choice."), TimeSpan.FromSeconds(1), "output tokens per choice",
                kind: "output_tokens");
            return OutputCap.Refused;
        }

        if (rewritten is null)
        {
            return OutputCap.Unchanged;
        }

        LimitsLog.Clamped(logger, access.RequestId, access.Partition, allowance);
        var request = context.Request;
        request.Body = new MemoryStream(rewritten, writable: false);
        request.Headers.Remove("Transfer-Encoding");
        request.ContentLength = rewritten.Length;
        return OutputCap.Rewritten;
    }

    private static IReadOnlyList<LimitScope> ScopesOf(ClientAccess access, string? model)
    {
        if (access.Tenant is not { } tenant)
        {
            return access.Policy.Anonymous.IsEmpty ? [] : [new LimitScope("", access.Policy.Anonymous)];
        }

        var scopes = new List<LimitScope>(3);
        if (!tenant.Limits.IsEmpty)
        {
            scopes.Add(new LimitScope("", tenant.Limits));
        }

        if (tenant.Routes.TryGetValue(access.RouteId, out var routeLimits) && !routeLimits.IsEmpty)
        {
            scopes.Add(new LimitScope("r/" + access.RouteId + "/", routeLimits));
        }

        if (model is not null && tenant.Models.TryGetValue(model, out var modelLimits) && !modelLimits.IsEmpty)
        {
            scopes.Add(new LimitScope("m/" + model + "/", modelLimits));
        }

        return scopes;
    }

    private static void Add(List<CounterOp> ops, List<(LimitKind, LimitScope)> kinds, LimitScope scope, LimitKind kind, long? limit, long amount, CounterMode mode, string counter)
    {
        if (limit is { } l)
        {
            ops.Add(CounterOp.PerMinute(scope.Name(counter), l, amount, mode));
            kinds.Add((kind, scope));
        }
    }

    private static RateLimitSnapshot Snapshot(LimitOutcome outcome, List<CounterOp> ops, List<(LimitKind Kind, LimitScope Scope)> kinds)
    {
        var snapshot = new RateLimitSnapshot();
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            var reading = outcome.Readings[i];
            var value = new LimitReading(op.Limit, Math.Max(0, op.Limit - reading.Used), reading.ResetAfterMs);
            switch (kinds[i].Kind)
            {
                case LimitKind.Requests:
                    snapshot.Requests = Lowest(snapshot.Requests, value);
                    break;
                case LimitKind.InputTokens:
                    snapshot.InputTokens = Lowest(snapshot.InputTokens, value);
                    break;
                case LimitKind.OutputTokensPerMinute:
                case LimitKind.OutputTokensPerDay:
                    snapshot.OutputTokens = Lowest(snapshot.OutputTokens, value);
                    break;
            }
        }

        return snapshot;
    }

    private static LimitReading Lowest(LimitReading? current, LimitReading candidate) =>
        current is { } c && c.Remaining <= candidate.Remaining ? c : candidate;

    private static long? Allowance(LimitOutcome outcome, List<CounterOp> ops, List<(LimitKind Kind, LimitScope Scope)> kinds)
    {
        long? allowance = null;
        for (var i = 0; i < ops.Count; i++)
        {
            if (kinds[i].Kind is LimitKind.OutputTokensPerMinute or LimitKind.OutputTokensPerDay)
            {
                var left = Math.Max(0, ops[i].Limit - outcome.Readings[i].Used);
                allowance = allowance is { } a ? Math.Min(a, left) : left;
            }
        }

        return allowance;
    }

    private async Task RefuseAsync(
        HttpContext context, ClientAccess access, LimitOutcome outcome, List<CounterOp> ops, List<(LimitKind Kind, LimitScope Scope)> kinds, long inputTokens)
    {
        var family = access.Family;
        switch (outcome.Status)
        {
            case LimitStatus.Unavailable:
                await RefuseWithAsync(context, access, ApiErrors.Build(family, ApiErrorKind.LimitStoreUnavailable,
                    "The gateway cannot check rate limits right now; the request was not forwarded. Retry shortly."), TimeSpan.FromSeconds(1), "limit store unavailable",
                    kind: "store_unavailable");
                return;
            case LimitStatus.LockedOut:
            {
                var status = access.Policy.Strikes.LockoutStatus;
                await RefuseWithAsync(context, access, ApiErrors.Build(family, status == 403 ? ApiErrorKind.LockedOut : ApiErrorKind.RequestsLimited,
                    "Too many requests from this client were refused by the content policy; access is suspended for a while."), outcome.RetryAfter, "locked out after strikes",
                    retryable: false, kind: "lockout");
                return;
            }

            case LimitStatus.ConcurrencyDenied:
            {
                var limit = outcome.FailedIndex >= 0 ? ConcurrencyLimit(access, outcome.FailedIndex) : 0;
                await RefuseWithAsync(context, access, ApiErrors.Build(family, ApiErrorKind.RequestsLimited,
                    string.Create(CultureInfo.InvariantCulture, $"Rate limit reached for concurrent requests: limit {limit}. Retry when a request has finished.")),
                    outcome.RetryAfter, "concurrent requests", kind: "concurrency");
                return;
            }
        }

        var op = ops[outcome.FailedIndex];
        var (kind, scope) = kinds[outcome.FailedIndex];
        var where = scope.Prefix.Length == 0 ? "" : " (" + scope.Prefix.TrimEnd('/') + ")";
        var (label, tokensType, kindTag) = kind switch
        {
            LimitKind.Requests => ("requests per minute (RPM)", false, "requests"),
            LimitKind.InputTokens => ("input tokens per minute (TPM)", true, "input_tokens"),
            LimitKind.OutputTokensPerMinute => ("output tokens per minute", true, "output_tokens_per_minute"),
            LimitKind.OutputTokensPerDay => ("output tokens per day", true, "output_tokens_per_day"),
            _ => ("output bytes per minute", true, "output_bytes"),
        };

        if (outcome.Status == LimitStatus.TooLarge)
        {
            await RefuseWithAsync(context, access, ApiErrors.Build(family, ApiErrorKind.TokensLimited, string.Create(CultureInfo.InvariantCulture,
                $"Request too large for {label}{where}: limit {op.Limit}, requested {inputTokens}. Send a shorter request.")),
                TimeSpan.FromMilliseconds(op.WindowMs), label + " (request too large)", retryable: false, kind: kindTag + "_too_large");
            return;
        }

        var snapshot = new RateLimitSnapshot { RetryAfter = outcome.RetryAfter };
        var zero = new LimitReading(op.Limit, 0, (long)outcome.RetryAfter.TotalMilliseconds);
        switch (kind)
        {
            case LimitKind.Requests:
                snapshot.Requests = zero;
                break;
            case LimitKind.InputTokens:
                snapshot.InputTokens = zero;
                break;
            default:
                snapshot.OutputTokens = zero;
                break;
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"Rate limit reached for {label}{where}: limit {op.Limit}. Please try again in {RateLimitHeaders.Duration((long)outcome.RetryAfter.TotalMilliseconds)}.");
        var body = tokensType ? ApiErrors.Build(family, ApiErrorKind.TokensLimited, message) : ApiErrors.Build(family, ApiErrorKind.RequestsLimited, message);
        await RefuseWithAsync(context, access, body, outcome.RetryAfter, label + where, snapshot, kind: kindTag);
    }

    private static long ConcurrencyLimit(ClientAccess access, int index)
    {
        var i = 0;
        foreach (var scope in access.Scopes)
        {
            if (scope.Limits.ConcurrentRequests is { } limit && i++ == index)
            {
                return limit;
            }
        }

        return 0;
    }

    /// <summary>
    /// Answers a refusal with its rate-limit headers. <c>x-should-retry: false</c> (read by the OpenAI and Anthropic
    /// SDKs for Node and Python and by the Anthropic .NET SDK; the OpenAI .NET SDK ignores it) stops the SDK's own
    /// retries when retrying cannot help: a lockout, a request
    /// larger than the whole budget, or a wait longer than <see cref="LongestRetryableWait"/>. A short window is
    /// left to the SDK's usual 429 handling (wait <c>Retry-After</c>, retry).
    /// </summary>
    private async Task RefuseWithAsync(
        HttpContext context, ClientAccess access, ApiResponse answer, TimeSpan retryAfter, string limit, RateLimitSnapshot? snapshot = null, bool retryable = true,
        string kind = "other")
    {
        metrics?.RecordLimitRefusal(kind, answer.StatusCode, access.Tenant?.Name);
        snapshot ??= new RateLimitSnapshot();
        snapshot.RetryAfter = retryAfter;
        access.Headers = snapshot;
        if (!retryable || retryAfter > LongestRetryableWait)
        {
            context.Response.Headers[ShouldRetryHeader] = "false";
        }

        LimitsLog.Limited(logger, access.RequestId, access.Partition, access.RouteId, answer.StatusCode, limit, (long)Math.Ceiling(retryAfter.TotalSeconds));
        await ApiResponseWriter.WriteAsync(context.Response, answer, context.RequestAborted);
    }
}
