using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Streaming;
using Guardrail.Filters.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Transforms;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// The one response side of a guarded route. A non-streamed answer is read once (capped), parsed once and its texts
/// extracted once: charged against the client's egress caps (output tokens and bytes), then screened together with
/// the request's last user turn, and either the original bytes or the API's content-filter result is written.
/// Streams (<c>text/event-stream</c>) get their body swapped for a <see cref="GuardedSseStream"/>, judged and metered
/// as they stream. Any other body (NDJSON, compressed, unknown) cannot be screened and fails closed unless the policy
/// says open. With output screening off, answers are still charged and streams still metered.
/// </summary>
internal sealed class OutputScreenTransform(Screen screen, AccessGate gate, ScreenTap tap, TokenCounter tokens, ILogger<OutputScreenTransform> logger)
{
    /// <summary>The cap on what is read of an answer on a route without an exchange (metadata, pass-through) to charge it.</summary>
    private const long DefaultMaxBytes = 8 * 1024 * 1024;

    public async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var exchange = context.HttpContext.Features.Get<GuardedExchange>();
        var upstream = context.ProxyResponse;
        if (exchange is { Forwarded: > 0 } && upstream is not null)
        {
            // Response headers are in: the upstream's own latency, before any screening of its body.
            screen.Metrics.RecordUpstream(Stopwatch.GetElapsedTime(exchange.Forwarded).TotalMilliseconds, failed: false);
        }

        if (upstream is null)
        {
            return;
        }

        var contentType = upstream.Content.Headers.ContentType?.MediaType;
        var egress = context.HttpContext.Features.Get<ClientAccess>()?.Egress;
        if (exchange is null || !exchange.Policy.ScreenOutput)
        {
            // Output caps are limits, not screening: a stream is still metered (and stopped at the cap) when the
            // client has caps, and any other answer is charged, even though its text is not judged.
            if (egress is null || !upstream.IsSuccessStatusCode)
            {
                return;
            }

            if (!IsEventStream(contentType))
            {
                await ChargeUnscreenedAsync(context, exchange, upstream, egress);
            }
            else if (exchange is not null && IsIdentity(upstream.Content.Headers)
                && exchange.Adapter.CreateStreamAssembler(exchange.Model, exchange.RequestId) is { } meteredOnly)
            {
                GuardStream(context, exchange, upstream, meteredOnly, screensText: false);
            }

            return;
        }

        var response = context.HttpContext.Response;
        var cancel = context.HttpContext.RequestAborted;

        // Headers reach the client as surely as the body: a misbehaving upstream could answer in them.
        if (!await HeadersPassAsync(context, exchange, upstream, cancel))
        {
            // Withheld, but generated: it still counts against the client's caps.
            if (egress is not null && upstream.IsSuccessStatusCode && !IsEventStream(contentType))
            {
                await ChargeUnscreenedAsync(context, exchange, upstream, egress);
            }

            return;
        }

        // Error and redirect bodies are read by clients and shown to users too: screened whole, as text.
        if (!upstream.IsSuccessStatusCode)
        {
            await ScreenErrorBodyAsync(context, exchange, upstream, contentType, cancel);
            return;
        }
        if (!exchange.Adapter.GeneratesOutput)
        {
            // Vectors and counts are not read (they can be large), but only a plain JSON answer is one: a stream or a
            // compressed or other body on such a route (a rewritten path, an odd upstream) could carry generated text.
            // Their bytes still count against the client's egress caps.
            if (egress is not null && !IsEventStream(contentType))
            {
                await ChargeUnscreenedAsync(context, exchange, upstream, egress);
            }

            if (Unreadable(upstream.Content.Headers, contentType) is { } odd)
            {
                await FailAsync(context, exchange, odd, originalBody: null, cancel);
            }

            return;
        }

        if (IsEventStream(contentType)
            && IsIdentity(upstream.Content.Headers)
            && exchange.Adapter.CreateStreamAssembler(exchange.Model, exchange.RequestId) is { } assembler)
        {
            GuardStream(context, exchange, upstream, assembler);
            return;
        }

        var unreadable = Unreadable(upstream.Content.Headers, contentType);
        if (unreadable is not null)
        {
            if (egress is not null && !IsEventStream(contentType))
            {
                await ChargeUnscreenedAsync(context, exchange, upstream, egress);
            }

            await FailAsync(context, exchange, unreadable, originalBody: null, cancel);
            return;
        }

        // The one read of the answer: what the egress meter charges and the screen judges are the same bytes.
        var upstreamBody = await upstream.Content.ReadAsStreamAsync(cancel);
        var read = await CappedBody.ReadAsync(upstreamBody, exchange.Policy.MaxResponseBytes, upstream.Content.Headers.ContentLength, cancel, keepOverflow: true);
        if (read.Status == BodyReadStatus.TooLarge)
        {
            // Beyond the cap the answer cannot be parsed for usage; its bytes up to the cap are still charged.
            if (egress is not null)
            {
                await egress.ChargeAsync(0, read.Length, cancel);
            }

            // An open policy hands the whole answer on: the bytes read, then the rest.
            upstream.Content = new HeadThenRestContent(read, upstreamBody);
            await FailAsync(context, exchange, "response exceeds max_response_bytes", originalBody: null, cancel);
            return;
        }

        using var body = read;
        if (body.Status != BodyReadStatus.Ok)
        {
            await FailAsync(context, exchange, "upstream body broke off", originalBody: null, cancel);
            return;
        }

        var output = new List<ExtractedText>();
        string? shapeError;
        try
        {
            using var document = JsonDocument.Parse(body.Memory);
            shapeError = exchange.Adapter.ExtractResponse(document.RootElement, output);
            if (egress is not null)
            {
                // Charged before it is judged: the answer was generated (and billed) whatever the verdict.
                await egress.ChargeAsync(AnswerTokens.Count(document.RootElement, shapeError is null ? output : null, tokens), body.Length, cancel);
            }

            if (shapeError is null)
            {
                // Structural completeness: every string the adapter's field list did not read is screened too.
                ResidualText.Collect(document.RootElement, output);
                var started = Stopwatch.GetTimestamp();
                using var span = GuardrailActivity.Start(GuardrailActivity.OutputScreen);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                deadline.CancelAfter(exchange.Policy.ScreenTimeout);
                var verdict = await screen.ScreenResponseAsync(exchange.Policy, output, exchange.RequestContext, deadline.Token);
                var elapsed = Stopwatch.GetElapsedTime(started);
                DecisionLog.Write(logger, "output", verdict, exchange.Policy, exchange.RequestId, exchange.RouteId, exchange.Adapter.Name, elapsed);
                DecisionLog.Record(screen.Metrics.Feed, "output", verdict, exchange.RequestId, exchange.RouteId, exchange.Adapter.Name, elapsed);
                SecurityFinding.Add(span, "output", verdict, exchange.Policy.Name, exchange.PolicyRevision, output);
                if (screen.Metrics.TokenUsageEnabled)
                {
                    long chars = 0;
                    foreach (var text in output)
                    {
                        chars += text.Text.Length;
                    }

                    screen.Metrics.RecordTokenUsage((chars + 3) / 4, input: false, GenAiNames.Operation(exchange.Adapter.Name), GenAiNames.Provider(exchange.Adapter.Name));
                }

                if (tap.IsActive)
                {
                    tap.Offer(new ScreenSample("output", false, exchange.Policy, output, exchange.RequestContext, verdict, exchange.RequestId, exchange.RouteId, exchange.Adapter.Name));
                }

                if (verdict.Action == ScreenAction.Block
                    || (verdict.Action == ScreenAction.Undecided && exchange.Policy.OnClassifierError == FailureMode.Closed))
                {
                    if (verdict.Action == ScreenAction.Block)
                    {
                        // Limits hook: an answer blocked on output is a strike like a blocked request; a client that
                        // coaxes harmful output out of benign-looking requests must not probe for free.
                        await gate.StrikeAsync(context.HttpContext);
                    }

                    await WriteAsync(context, await FilteredAsync(exchange, document.RootElement, cancel), cancel);
                    return;
                }
            }
        }
        catch (JsonException)
        {
            shapeError = "response body is not valid JSON";
            if (egress is not null)
            {
                await egress.ChargeAsync(0, body.Length, cancel);
            }
        }

        if (shapeError is not null)
        {
            await FailAsync(context, exchange, shapeError, body, cancel);
            return;
        }

        // Allowed: hand on exactly the bytes the model server sent.
        context.SuppressResponseBody = true;
        await response.Body.WriteAsync(body.Memory, cancel);
    }

    /// <summary>
    /// Charges an answer that is not screened (screening off, vectors and counts, an unreadable body) against the
    /// client's egress caps: its bytes, and the output tokens of a complete JSON answer of a generating API. The rest
    /// of the pipeline then reads an identical copy: the bytes read, then whatever was not read yet.
    /// </summary>
    private async Task ChargeUnscreenedAsync(ResponseTransformContext context, GuardedExchange? exchange, HttpResponseMessage upstream, EgressSession egress)
    {
        var cancel = context.HttpContext.RequestAborted;
        var content = upstream.Content;
        var upstreamBody = await content.ReadAsStreamAsync(cancel);
        var body = await CappedBody.ReadAsync(upstreamBody, exchange?.Policy.MaxResponseBytes ?? DefaultMaxBytes, content.Headers.ContentLength, cancel, keepOverflow: true);
        if (body.Status == BodyReadStatus.Aborted)
        {
            // The upstream broke off mid-answer: what was read cannot be handed on whole.
            body.Dispose();
            context.HttpContext.Abort();
            return;
        }

        long outputTokens = 0;
        if (body.Status == BodyReadStatus.Ok && exchange?.Adapter.GeneratesOutput != false)
        {
            try
            {
                using var document = JsonDocument.Parse(body.Memory);
                var texts = new List<ExtractedText>();
                var extracted = exchange is not null && exchange.Adapter.ExtractResponse(document.RootElement, texts) is null;
                outputTokens = AnswerTokens.Count(document.RootElement, extracted ? texts : null, tokens);
            }
            catch (JsonException)
            {
                // Not JSON: no usage to read and no text the adapter knows; its bytes are charged.
            }
        }

        await egress.ChargeAsync(outputTokens, body.Length, cancel);
        HttpContent replacement = new HeadThenRestContent(body, body.Status == BodyReadStatus.Ok ? Stream.Null : upstreamBody);
        foreach (var header in content.Headers)
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        upstream.Content = replacement;
        if (body.Status == BodyReadStatus.Ok)
        {
            content.Dispose();
        }
    }

    /// <summary>
    /// The content-filter answer for a blocked one. It copies the original's envelope (id, model, usage...), which
    /// may be where the blocked text sat: then the envelope's defaults are used instead.
    /// </summary>
    private async Task<ApiResponse> FilteredAsync(GuardedExchange exchange, JsonElement original, CancellationToken cancel)
    {
        var filtered = exchange.Adapter.BuildFilteredResponse(original);
        var residual = new List<ExtractedText>();
        using (var document = JsonDocument.Parse(filtered.Body))
        {
            ResidualText.Collect(document.RootElement, residual);
        }

        var verdict = await ScreenAsync(exchange, residual, cancel);
        if (verdict.Action is not (ScreenAction.Block or ScreenAction.Undecided))
        {
            return filtered;
        }

        using var empty = JsonDocument.Parse("{}");
        return exchange.Adapter.BuildFilteredResponse(empty.RootElement);
    }

    private async Task<ScreenVerdict> ScreenAsync(GuardedExchange exchange, IReadOnlyList<ExtractedText> texts, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(exchange.Policy.ScreenTimeout);
        return await screen.ScreenResponseAsync(exchange.Policy, texts, exchange.RequestContext, deadline.Token);
    }

    private static bool Withheld(ScreenVerdict verdict, GuardedExchange exchange)
        => verdict.Action == ScreenAction.Block || (verdict.Action == ScreenAction.Undecided && exchange.Policy.OnClassifierError == FailureMode.Closed);

    /// <summary>
    /// Screens the upstream's response headers (names and values, joined). Blocked: the upstream's headers are removed
    /// and the answer is withheld in the API's error shape; returns false.
    /// </summary>
    private async Task<bool> HeadersPassAsync(ResponseTransformContext context, GuardedExchange exchange, HttpResponseMessage upstream, CancellationToken cancel)
    {
        var joined = new System.Text.StringBuilder();
        foreach (var (name, values) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (IsStructuralHeader(name))
            {
                continue;
            }

            joined.Append(name).Append(": ");
            foreach (var value in values)
            {
                joined.Append(value).Append(' ');
            }

            joined.Append('\n');
        }

        if (joined.Length == 0)
        {
            return true;
        }

        var verdict = await ScreenAsync(exchange, [ResidualText.FromPlainText(joined.ToString())], cancel);
        if (!Withheld(verdict, exchange))
        {
            return true;
        }

        AnswerLog.Withheld(logger, "headers", exchange.RequestId, exchange.RouteId, verdict.Category ?? verdict.Error ?? "content policy");
        var headers = context.HttpContext.Response.Headers;
        foreach (var (name, _) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            headers.Remove(name);
        }

        await WriteAsync(context, ApiErrors.Build(exchange.Adapter.Family, ApiErrorKind.UnreadableUpstreamResponse, WithheldMessage), cancel);
        return false;
    }

    // Framing headers carry no words a client shows; everything else (custom x-* headers, Location, warnings) is read.
    private static bool IsStructuralHeader(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);

    private const string WithheldMessage = "The model server's answer was withheld by the content policy.";

    /// <summary>
    /// An error or redirect answer: its body (capped) is screened — every string of a JSON body, a text body as it
    /// is — and replaced by the API's error shape, with the upstream's status, when blocked or unreadable.
    /// </summary>
    private async Task ScreenErrorBodyAsync(ResponseTransformContext context, GuardedExchange exchange, HttpResponseMessage upstream, string? contentType, CancellationToken cancel)
    {
        var status = (int)upstream.StatusCode;
        using var body = await CappedBody.ReadAsync(
            await upstream.Content.ReadAsStreamAsync(cancel), exchange.Policy.MaxResponseBytes, upstream.Content.Headers.ContentLength, cancel);
        var texts = new List<ExtractedText>();
        string? unreadable = body.Status != BodyReadStatus.Ok ? "error body exceeds max_response_bytes or broke off"
            : !IsIdentity(upstream.Content.Headers) ? "compressed error body"
            : null;
        if (unreadable is null && body.Memory.Length > 0)
        {
            if (contentType is not null && (contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                try
                {
                    using var document = JsonDocument.Parse(body.Memory);
                    ResidualText.Collect(document.RootElement, texts);
                }
                catch (JsonException)
                {
                    // Not the JSON it says it is: read it as the text it is.
                    texts.Add(ResidualText.FromPlainText(System.Text.Encoding.UTF8.GetString(body.Memory.Span)));
                }
            }
            else if (contentType is null || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
                || contentType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) || contentType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase))
            {
                texts.Add(ResidualText.FromPlainText(System.Text.Encoding.UTF8.GetString(body.Memory.Span)));
            }
            else
            {
                unreadable = "error body of type " + contentType + " cannot be screened";
            }
        }

        string? reason = unreadable;
        if (reason is null && texts.Count > 0)
        {
            var verdict = await ScreenAsync(exchange, texts, cancel);
            reason = Withheld(verdict, exchange) ? verdict.Category ?? verdict.Error ?? "content policy" : null;
        }

        if (reason is null || (unreadable is not null && exchange.Policy.OnClassifierError == FailureMode.Open))
        {
            // Passed (or unreadable under an open policy): the bytes the upstream sent, as it sent them.
            context.SuppressResponseBody = true;
            if (body.Status == BodyReadStatus.Ok)
            {
                await context.HttpContext.Response.Body.WriteAsync(body.Memory, cancel);
            }

            return;
        }

        AnswerLog.Withheld(logger, "error body", exchange.RequestId, exchange.RouteId, reason);
        context.HttpContext.Response.Headers.Location = default;
        var error = ApiErrors.Build(exchange.Adapter.Family, ApiErrorKind.UnreadableUpstreamResponse, WithheldMessage);
        await WriteAsync(context, error with { StatusCode = status }, cancel);
    }

    /// <summary>Swaps the upstream body for a guarded one; YARP then copies the guarded stream to the client.</summary>
    private void GuardStream(ResponseTransformContext context, GuardedExchange exchange, HttpResponseMessage upstream, IStreamAssembler assembler, bool screensText = true)
    {
        var http = context.HttpContext;
        var guard = new StreamGuardContext(exchange.Policy, screen, logger, exchange.RequestId, exchange.RouteId, exchange.Adapter.Name, exchange.RequestContext,
            http.Features.Get<IEgressMeter>())
        {
            // Limits hook: a stream halted by the content screen is a strike, recorded off the stream's read path.
            OnContentBlocked = gate.StrikeInBackground(http),
            Tap = tap.IsActive ? tap : null,
            Arrived = exchange.Arrived,
            PolicyRevision = exchange.PolicyRevision,
            ScreensText = screensText,
        };

        // One assembler per body stream: its state is the stream's (HttpContent opens its read stream once).
        upstream.Content = new GuardedSseContent(upstream.Content, body => new GuardedSseStream(body, assembler, guard));

        // A halt changes the body's length, and proxies or clients must not buffer what is judged step by step.
        context.HttpContext.Response.Headers.ContentLength = null;
        context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static bool IsEventStream(string? contentType) => string.Equals(contentType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static bool IsIdentity(HttpContentHeaders headers)
        => headers.ContentEncoding.All(e => e.Equals("identity", StringComparison.OrdinalIgnoreCase));

    private static string? Unreadable(HttpContentHeaders headers, string? contentType)
    {
        // Accept-Encoding is stripped on guarded routes, so a compressed answer means an upstream we cannot inspect.
        if (!IsIdentity(headers))
        {
            return "compressed response (" + string.Join(',', headers.ContentEncoding) + ")";
        }

        if (contentType is null || !(contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return "response content type " + (contentType ?? "(none)") + " cannot be screened";
        }

        return null;
    }

    private async Task FailAsync(ResponseTransformContext context, GuardedExchange exchange, string reason, CappedBody? originalBody, CancellationToken cancel)
    {
        var mode = exchange.Policy.OnClassifierError;
        GuardrailLog.OutputUnreadable(logger, exchange.RequestId, exchange.RouteId, reason, mode.ToString());
        if (mode == FailureMode.Open)
        {
            if (originalBody is not null)
            {
                context.SuppressResponseBody = true;
                await context.HttpContext.Response.Body.WriteAsync(originalBody.Memory, cancel);
            }

            return;
        }

        await WriteAsync(context, ApiErrors.Build(exchange.Adapter.Family, ApiErrorKind.UnreadableUpstreamResponse,
            "The model server's answer could not be screened, so it was withheld."), cancel);
    }

    private static async Task WriteAsync(ResponseTransformContext context, ApiResponse answer, CancellationToken cancel)
    {
        context.SuppressResponseBody = true;

        // The upstream's headers were already copied; the replacement has its own length and no encoding.
        var response = context.HttpContext.Response;
        response.Headers.ContentLength = null;
        response.Headers.ContentEncoding = default;
        await ApiResponseWriter.WriteAsync(response, answer, cancel);
    }
}
