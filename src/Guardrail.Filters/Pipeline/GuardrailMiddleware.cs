using System.Diagnostics;
using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Guardrail.Filters.RollingRisk;
using Guardrail.Filters.Routing;
using Guardrail.Filters.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// The request side, as a step of YARP's proxy pipeline: decides from method and path whether the route forwards the
/// request at all (<see cref="EndpointRules"/>, default deny), reads the capped body, lets the route's adapter list
/// every text, screens them, and either refuses in the API's own shape or forwards the body byte for byte with only
/// the allowed headers (<see cref="ForwardedHeaders"/>). After forwarding it turns YARP's bare 502/504 into
/// API-shaped errors.
/// </summary>
internal sealed class GuardrailMiddleware(
    RequestDelegate next,
    PolicyStore policies,
    Screen screen,
    AdapterRegistry adapters,
    AccessGate gate,
    RiskMeter risk,
    IOptions<GuardrailOptions> options,
    ScreenTap tap,
    GuardedRoutes routes,
    ILogger<GuardrailMiddleware> logger)
{
    private readonly IReadOnlyCollection<string> _extraHeaders = [.. options.Value.ForwardHeaders];

    public async Task InvokeAsync(HttpContext context)
    {
        // The route's metadata was validated and parsed once, when YARP built the route (GuardrailTransformProvider).
        var route = routes.Get(context.GetReverseProxyFeature().Route.Config);
        var routeId = route.RouteId;
        var policyName = route.PolicyName;
        if (!route.Guarded)
        {
            await next(context);
            if (context.GetForwarderErrorFeature() is { } unguardedError)
            {
                // Unguarded routes get no request id of their own; the connection's trace id finds the request.
                if (ForwarderFailure.IsClientSide(unguardedError.Error, context.RequestAborted.IsCancellationRequested))
                {
                    ForwarderFailure.LogClientFailed(logger, context.TraceIdentifier, routeId, unguardedError.Error.ToString());
                }
                else
                {
                    LogUpstreamFailed(context, unguardedError, context.TraceIdentifier, routeId);
                }
            }

            return;
        }

        var requestId = RequestIds.Create();
        context.Response.Headers[RequestIds.HeaderName] = requestId;
        var arrived = Stopwatch.GetTimestamp();

        // Under YARP's proxy.forwarder activity; null (and free) while no tracer listens.
        using var span = GuardrailActivity.Start(GuardrailActivity.Request);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("guardrail.request_id", requestId);
            span.SetTag("guardrail.route", routeId);
        }

        var request = context.Request;

        // Capture the policy once: a reload during this request does not change how it is judged.
        var policy = policyName is null
            ? (policies.IsReady ? policies.Default : null)
            : (policies.TryGet(policyName, out var named) ? named : null);
        if (policy is null)
        {
            GuardrailLog.PolicyMissing(logger, routeId, policyName ?? "default", requestId);
            await RefuseAsync(context, GuessFamily(request), ApiErrorKind.ScreenUnavailable, "The gateway has no policy for this route.", requestId, routeId);
            return;
        }

        span?.SetTag("guardrail.policy", policy.Name);

        // Decided from method, path and headers alone. The API family every answer of this request is shaped by is
        // taken once: from the adapter the path matched, guessed only for a path no adapter serves.
        var decision = EndpointRules.Decide(request, policy, adapters);
        var family = decision.Adapter?.Family ?? GuessFamily(request);

        // Identity hook (Identity/, Limits/): 401 for an unknown client; sets the ClientAccess the later hooks use.
        bool identified;
        using (GuardrailActivity.Start(GuardrailActivity.Identify))
        {
            identified = await gate.IdentifyAsync(context, route, family, requestId);
        }

        if (!identified)
        {
            return;
        }

        switch (decision.Action)
        {
            case RouteAction.Screen:
                span?.SetTag("guardrail.api", decision.Adapter!.Name);
                await ScreenAndForwardAsync(context, route, policy, decision.Adapter!, requestId, arrived, span);
                return;
            case RouteAction.ReadBack:
            {
                // A stored answer is the model's output like any other: the output screen reads it (and its stream).
                // Limits hook: a read has no prompt to count; it is admitted (requests, concurrency) once, here.
                var readBack = new GuardedExchange(policy, decision.Adapter!, requestId, routeId, requestContext: null);
                if (await AdmitAsync(context, texts: null, model: null))
                {
                    await ForwardAsync(context, route, readBack, family, requestId);
                }

                return;
            }

            case RouteAction.ForwardMetadata or RouteAction.PassThrough:
                if (await AdmitAsync(context, texts: null, model: null))
                {
                    await ForwardAsync(context, route, exchange: null, family, requestId);
                }

                return;
            default:
                await RefuseAsync(context, family, decision.Error, decision.Message ?? "The gateway does not forward this request.", requestId, routeId);
                return;
        }
    }

    private async Task ScreenAndForwardAsync(
        HttpContext context, GuardedRoute route, GuardPolicy policy, IApiAdapter adapter, string requestId, long arrived, Activity? span)
    {
        var routeId = route.RouteId;
        var request = context.Request;
        var family = adapter.Family;
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            await RefuseAsync(context, family, ApiErrorKind.UnsupportedMediaType, "The request body must be JSON (application/json).", requestId, routeId);
            return;
        }

        // Kestrel's own limit must not fire first with a bare 413; the policy's cap answers in the API's shape.
        // Kestrel's limit sits above the cap by a drain allowance (see below).
        var drainLimit = policy.MaxRequestBytes + OversizeDrainBytes;
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = drainLimit;
        }

        using var body = await CappedBody.ReadAsync(request.Body, policy.MaxRequestBytes, request.ContentLength, context.RequestAborted);
        if (body.Status == BodyReadStatus.TooLarge)
        {
            // A client still uploading does not see an early answer (it gets a reset instead); read and discard a
            // bounded remainder so ordinary clients receive the 413. Larger bodies are cut off.
            if (request.ContentLength is not { } declared || declared <= drainLimit)
            {
                await DrainAsync(request.Body, context.RequestAborted);
            }

            await RefuseAsync(context, family, ApiErrorKind.RequestTooLarge,
                $"The request body exceeds the gateway's limit of {policy.MaxRequestBytes} bytes.", requestId, routeId);
            return;
        }

        if (body.Status == BodyReadStatus.Aborted)
        {
            context.Abort();
            return;
        }

        var texts = new List<ExtractedText>();
        var adapterSpan = GuardrailActivity.Start(GuardrailActivity.Adapter);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException)
        {
            adapterSpan?.Dispose();
            await RefuseUnreadableAsync(context, family, "The request body is not valid JSON.", requestId, routeId);
            return;
        }

        bool streaming;
        string? model;
        using (document)
        {
            // The adapter reads the fields it knows; the sweep judges everything else the upstream might read.
            var error = adapter.ExtractRequest(document.RootElement, texts)
                ?? RequestSweep.Sweep(document.RootElement, texts, policy.Attachments);
            if (error is not null)
            {
                adapterSpan?.Dispose();
                await RefuseUnreadableAsync(context, family, error, requestId, routeId);
                return;
            }

            // The one source of the stream flag: it shapes an input refusal (an event stream or JSON). The answer side
            // goes by what the upstream sends (its content type), which is what the client will parse.
            streaming = adapter.IsStreaming(document.RootElement);
            model = adapter.GetModel(document.RootElement);
            if (adapter.RequestsBackground(document.RootElement) && !policy.Endpoints.BackgroundResponses)
            {
                // A background answer is fetched later by polling, outside this exchange's output screen.
                adapterSpan?.Dispose();
                await RefuseAsync(context, family, ApiErrorKind.InvalidRequest,
                    "background responses are not forwarded by this gateway (their answers are not screened).", requestId, routeId);
                return;
            }
        }

        if (adapterSpan is not null)
        {
            adapterSpan.SetTag("guardrail.texts", texts.Count);
            adapterSpan.SetTag("guardrail.streaming", streaming);
            adapterSpan.Dispose();
        }

        // Limits hook: requests, input tokens, concurrency and output budget, before the screen spends work on it.
        // The sweep's joined leftovers (keys, roles, enum values) are screened but are not prompt tokens.
        var promptTexts = texts.FindAll(t => !ReferenceEquals(t.Path, RequestSweep.OtherFieldsPath));
        if (!await AdmitAsync(context, promptTexts, model))
        {
            return;
        }

        var metrics = screen.Metrics;
        if (metrics.TokenUsageEnabled)
        {
            metrics.RecordTokenUsage(EstimatedTokens(texts), input: true, GenAiNames.Operation(adapter.Name), GenAiNames.Provider(adapter.Name));
        }

        var started = Stopwatch.GetTimestamp();
        var verdict = await ScreenWithDeadlineAsync(policy, texts, context.RequestAborted);

        // A request in a suspicious band adds to its client's rolling risk; one that fills it is refused like a block.
        verdict = await risk.ApplyAsync(context, policy, texts, verdict);
        var elapsed = Stopwatch.GetElapsedTime(started);
        DecisionLog.Write(logger, "input", verdict, policy, requestId, routeId, adapter.Name, elapsed);
        DecisionLog.Record(metrics.Feed, "input", verdict, requestId, routeId, adapter.Name, elapsed);
        SecurityFinding.Add(span, "input", verdict, policy.Name, policies.Version, texts);
        if (tap.IsActive)
        {
            // Shadow policy and blocked-text capture: handed on after the decision, queued, never awaited.
            tap.Offer(new ScreenSample("input", false, policy, texts, null, verdict, requestId, routeId, adapter.Name));
        }

        switch (verdict.Action)
        {
            case ScreenAction.Block:
            {
                await gate.StrikeAsync(context); // Limits hook: every block is a strike against the client.
                var asError = family == ApiFamily.Anthropic ? policy.AnthropicRefusalAsError : policy.OpenAIRefusalAsError;
                await ApiResponseWriter.WriteAsync(context.Response, InputRefusal.Build(adapter, asError, streaming, model, requestId), context.RequestAborted);
                return;
            }

            case ScreenAction.Undecided when policy.OnClassifierError == FailureMode.Closed:
                await RefuseAsync(context, family, ApiErrorKind.ScreenUnavailable,
                    "The gateway could not screen this request in time; it was not forwarded. Retry later.", requestId, routeId);
                return;
        }

        // Limits hook: the forwarded output maximum is clamped to what the client has left (may replace the body).
        switch (await gate.CapOutputAsync(context, adapter, body))
        {
            case OutputCap.Refused:
                return;
            case OutputCap.Unchanged:
                ReplaceBody(request, body);
                break;
        }

        var exchange = new GuardedExchange(policy, adapter, requestId, routeId, Screen.LastUserText(texts), model)
        {
            PolicyRevision = policies.Version,
            Arrived = arrived,
        };
        await ForwardAsync(context, route, exchange, family, requestId);
    }

    /// <summary>Limits hook: requests, input tokens, concurrency and output budget; once per request, by its one path.</summary>
    private async ValueTask<bool> AdmitAsync(HttpContext context, IReadOnlyList<ExtractedText>? texts, string? model)
    {
        using (GuardrailActivity.Start(GuardrailActivity.Admit))
        {
            return await gate.AdmitAsync(context, texts, model);
        }
    }

    private static ApiFamily GuessFamily(HttpRequest request) =>
        AdapterRegistry.GuessFamily(request.Path.Value ?? "", request.Headers.ContainsKey("anthropic-version"));

    /// <summary>Input tokens as the stream guard counts output: 4 characters a token (the metric says "estimated").</summary>
    private static long EstimatedTokens(List<ExtractedText> texts)
    {
        long chars = 0;
        foreach (var text in texts)
        {
            chars += text.Text.Length;
        }

        return (chars + 3) / 4;
    }

    private const long OversizeDrainBytes = 16 * 1024 * 1024;

    private static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (await body.ReadAsync(scratch, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // Past the drain allowance or too slow: the answer still goes out; Kestrel closes the connection.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task<ScreenVerdict> ScreenWithDeadlineAsync(GuardPolicy policy, List<ExtractedText> texts, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(policy.ScreenTimeout);
        return await screen.ScreenRequestAsync(policy, texts, deadline.Token);
    }

    private Task RefuseUnreadableAsync(HttpContext context, ApiFamily family, string message, string requestId, string routeId) =>
        // Never forwarded unscreened, whatever unknown_endpoints says: a body this parser rejects may still be read by
        // a laxer one upstream (comments, trailing commas, case-insensitive keys).
        RefuseAsync(context, family, ApiErrorKind.InvalidRequest, message, requestId, routeId);

    private async Task ForwardAsync(HttpContext context, GuardedRoute route, GuardedExchange? exchange, ApiFamily family, string requestId)
    {
        var routeId = route.RouteId;
        var forwarded = Stopwatch.GetTimestamp();
        if (exchange is not null)
        {
            exchange.Forwarded = forwarded;
            context.Features.Set(exchange);
        }

        // Only what the API needs leaves the gateway: no cookies, method overrides or credentials in the query.
        ForwardedHeaders.Apply(context.Request, family, _extraHeaders, route.ForwardHeaders);
        using (GuardrailActivity.Start(GuardrailActivity.Forward))
        {
            await next(context);
        }

        // YARP answers a failed upstream with a bare status; clients' SDKs expect the provider's error body.
        var error = context.GetForwarderErrorFeature();
        if (error is null)
        {
            return;
        }

        // The client went away, cancelled, or its body broke off: not the upstream's failure, and not a 502.
        if (ForwarderFailure.IsClientSide(error.Error, context.RequestAborted.IsCancellationRequested))
        {
            ForwarderFailure.LogClientFailed(logger, requestId, routeId, error.Error.ToString());
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.Response.Headers[RequestIds.HeaderName] = requestId;
                await ApiResponseWriter.WriteAsync(context.Response, ForwarderFailure.ClientError(family, context.Response.StatusCode), CancellationToken.None);
            }

            return;
        }

        if (!context.Response.HasStarted)
        {
            screen.Metrics.RecordUpstream(Stopwatch.GetElapsedTime(forwarded).TotalMilliseconds, failed: true);
        }

        if (context.Response.HasStarted)
        {
            // Mid-answer: the status is gone, but an upstream that broke off is still worth one line.
            if (error.Error == ForwarderError.ResponseBodyDestination)
            {
                LogUpstreamFailed(context, error, requestId, routeId);
            }

            return;
        }

        LogUpstreamFailed(context, error, requestId, routeId);
        var (kind, message) = ForwarderFailure.UpstreamError(error.Error);
        context.Response.Headers[RequestIds.HeaderName] = requestId;
        await ApiResponseWriter.WriteAsync(context.Response, ApiErrors.Build(family, kind, message), CancellationToken.None);
    }

    private void LogUpstreamFailed(HttpContext context, IForwarderErrorFeature error, string requestId, string routeId)
    {
        var destination = context.GetReverseProxyFeature().ProxiedDestination?.Model.Config.Address ?? "(none)";

        // The exception's message only ("Connection refused (127.0.0.1:9)"): its stack says nothing about the upstream.
        var reason = error.Exception?.Message.ReplaceLineEndings(" ") ?? "no exception";
        GuardrailLog.UpstreamFailed(logger, requestId, routeId, destination, error.Error.ToString(), reason);
    }

    private async Task RefuseAsync(HttpContext context, ApiFamily family, ApiErrorKind kind, string message, string requestId, string routeId)
    {
        GuardrailLog.Rejected(logger, requestId, routeId, ApiErrors.StatusOf(kind), kind.ToString());
        await ApiResponseWriter.WriteAsync(context.Response, ApiErrors.Build(family, kind, message), context.RequestAborted);
    }

    private static void ReplaceBody(HttpRequest request, CappedBody body)
    {
        // Forward exactly the bytes we screened, with an exact length: the client may have sent them chunked.
        request.Body = body.AsStream();
        request.Headers.Remove("Transfer-Encoding");
        request.ContentLength = body.Length;
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
