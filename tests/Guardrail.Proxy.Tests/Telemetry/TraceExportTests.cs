using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Guardrail.Proxy.Tests.Telemetry;

/// <summary>
/// The proxy traced into OpenTelemetry's in-memory exporter: a guardrail.request span under YARP's proxy.forwarder
/// activity (itself under ASP.NET Core's request activity: an unrecorded parent would leave every child unsampled), a
/// child per stage, and a gen_ai.security.finding event that carries a hash of the text, never the text.
/// </summary>
[Collection(TelemetrySerial.Name)]
public sealed class TraceExportTests
{
    private static async Task<(GuardedProxy Proxy, List<Activity> Spans)> StartTracedAsync()
    {
        var spans = new List<Activity>();
        var proxy = await GuardedProxy.StartAsync([], editPolicy: null, services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource("Microsoft.AspNetCore", "Yarp.ReverseProxy", "Guardrail").AddInMemoryExporter(spans)));
        return (proxy, spans);
    }

    /// <summary>The spans of the trace whose request span has <paramref name="requestId"/>, once its request span ended (bounded wait).</summary>
    private static async Task<List<Activity>> TraceOfAsync(List<Activity> spans, string requestId)
    {
        for (var i = 0; i < 100; i++)
        {
            lock (spans)
            {
                var request = spans.FirstOrDefault(s => s.OperationName == "guardrail.request" && (string?)s.GetTagItem("guardrail.request_id") == requestId);
                if (request is not null)
                {
                    return [.. spans.Where(s => s.TraceId == request.TraceId)];
                }
            }

            await Task.Delay(50);
        }

        lock (spans)
        {
            throw new InvalidOperationException("no guardrail.request span for " + requestId + "; spans: " + string.Join(", ", spans.Select(s => s.OperationName + ":" + s.GetTagItem("guardrail.request_id"))));
        }
    }

    private static Activity Single(List<Activity> trace, string name) => Assert.Single(trace, s => s.OperationName == name);

    [Fact]
    public async Task GuardedStream_ExportsRequestSpanUnderYarpWithAChildPerStage()
    {
        var (proxy, spans) = await StartTracedAsync();
        await using var _ = proxy;
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.BenignTokens, TimeSpan.Zero);
        var body = JsonSerializer.Serialize(new { model = "m", stream = true, messages = new[] { new { role = "user", content = "Tell me about Paris." } } });

        using var response = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Of(body));
        await response.Content.ReadAsStringAsync();
        var trace = await TraceOfAsync(spans, response.Headers.GetValues("x-guardrail-request-id").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Single(trace, "guardrail.request");
        var yarp = Single(trace, "proxy.forwarder");
        Assert.Equal(yarp.SpanId, request.ParentSpanId);
        foreach (var stage in new[] { "guardrail.limits.identify", "guardrail.adapter", "guardrail.limits.admit", "guardrail.screen", "guardrail.forward" })
        {
            Assert.Contains(trace, s => s.OperationName == stage && s.ParentSpanId == request.SpanId);
        }

        var inputScreen = trace.First(s => s.OperationName == "guardrail.screen" && s.ParentSpanId == request.SpanId);
        Assert.Equal("input", inputScreen.GetTagItem("guardrail.direction"));
        Assert.Contains(trace, s => s.OperationName == "guardrail.normalize" && s.ParentSpanId == inputScreen.SpanId);
        Assert.Contains(trace, s => s.OperationName == "guardrail.tier.lexical" && s.ParentSpanId == inputScreen.SpanId);

        // The stream guard's span lives under the forward span and ends with the stream; its windows are screens too.
        var forward = Single(trace, "guardrail.forward");
        var guard = Single(trace, "guardrail.stream_guard");
        Assert.True(IsUnder(trace, guard, forward), "the stream guard span is not under the forward span");
        Assert.Equal("completed", guard.GetTagItem("guardrail.stream.end"));
        Assert.Contains(trace, s => s.OperationName == "guardrail.screen" && (string?)s.GetTagItem("guardrail.direction") == "stream");
    }

    [Fact]
    public async Task BlockedRequest_SecurityFindingEventCarriesAHashNeverTheText()
    {
        var (proxy, spans) = await StartTracedAsync();
        await using var _ = proxy;
        var body = JsonSerializer.Serialize(new { model = "m", messages = new[] { new { role = "user", content = Prompts.Chemical } } });

        using var response = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Of(body));
        var trace = await TraceOfAsync(spans, response.Headers.GetValues("x-guardrail-request-id").Single());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var request = Single(trace, "guardrail.request");
        var finding = Assert.Single(request.Events, e => e.Name == "gen_ai.security.finding");
        var tags = finding.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("block", tags["gen_ai.security.decision"]);
        Assert.Equal("input", tags["gen_ai.security.target"]);
        Assert.Equal("default", tags["gen_ai.security.policy.name"]);
        Assert.Equal("cbrn.chemical", tags["gen_ai.security.category"]);
        Assert.Equal("lexical", tags["gen_ai.security.stage"]);
        Assert.True(tags.ContainsKey("gen_ai.security.policy.revision"));
        Assert.InRange((double)tags["gen_ai.security.score"]!, 0.01, 1);
        Assert.Matches("^[0-9a-f]{64}$", (string)tags["gen_ai.security.content.sha256"]!);
        Assert.DoesNotContain(trace, s => Texts(s).Any(t => t.Contains("sarin", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(trace, s => s.OperationName == "guardrail.forward");
    }

    private static bool IsUnder(List<Activity> trace, Activity child, Activity ancestor)
    {
        for (var parent = child.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            var next = trace.FirstOrDefault(s => s.SpanId == parent);
            if (next is null)
            {
                return false;
            }

            parent = next.ParentSpanId;
        }

        return false;
    }

    private static IEnumerable<string> Texts(Activity span) =>
        span.TagObjects.Select(t => t.Value?.ToString() ?? "")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString() ?? "")))
            .Append(span.DisplayName);
}
