using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Proxy.Tests.Limits;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Telemetry;

/// <summary>
/// A scripted run through the real proxy (Kestrel on loopback, port 0, scripted upstream), then a Prometheus scrape of
/// the admin listener: the counters must say exactly what the client saw.
/// </summary>
[Collection(TelemetrySerial.Name)]
public sealed class MetricsScrapeTests
{
    private const string Chat = "/v1/chat/completions";

    [Fact]
    public async Task ScriptedRun_ScrapedCountersEqualWhatTheClientSaw()
    {
        await using var limited = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 6"), AdminArgs.Listener);
        var proxy = limited.Proxy;
        using var client = limited.Client();
        int blocks = 0, halts = 0, limited429 = 0, allowed = 0;

        // Six requests fit the minute: benign, two harmful, a stream that turns harmful, two benign; then three 429s.
        string[] script = ["benign", "harmful", "harmful", "turning", "benign", "benign", "benign", "benign", "benign"];
        foreach (var step in script)
        {
            var streaming = step == "turning";
            proxy.Upstream.Responder = streaming
                ? proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.TurningTokens, TimeSpan.Zero)
                : TestUpstream.Answering(TestUpstream.BenignReply);
            var text = step == "harmful" ? Prompts.Chemical : streaming ? "Tell me about chemistry." : Prompts.Benign;
            var body = JsonSerializer.Serialize(new { model = "m", stream = streaming, messages = new[] { new { role = "user", content = text } } });
            using var response = await client.PostAsync(Chat, JsonBody.Of(body));
            var answer = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.BadRequest when answer.Contains("\"content_filter\"", StringComparison.Ordinal):
                    blocks++;
                    break;
                case HttpStatusCode.TooManyRequests:
                    limited429++;
                    break;
                case HttpStatusCode.OK when streaming && answer.Contains("content_filter", StringComparison.Ordinal):
                    halts++;
                    break;
                case HttpStatusCode.OK:
                    allowed++;
                    break;
            }
        }

        Assert.Equal((2, 1, 3, 3), (blocks, halts, limited429, allowed));

        using var admin = AdminArgs.Client(proxy);
        var metrics = await admin.GetStringAsync("/metrics");

        Assert.Equal(blocks, PrometheusText.Sum(metrics, "guardrail_decisions_total", "direction=\"input\"", "action=\"block\""));
        Assert.Equal(blocks, PrometheusText.Sum(metrics, "guardrail_decisions_total", "direction=\"input\"", "action=\"block\"", "category=\"cbrn.chemical\""));
        Assert.Equal(halts, PrometheusText.Sum(metrics, "guardrail_stream_halts_total", "reason=\"content_policy\""));
        Assert.Equal(limited429, PrometheusText.Sum(metrics, "guardrail_limit_refusals_total", "kind=\"requests\"", "status=\"429\""));

        // Every admitted request was screened on input once; the rest of the operator's view is there too.
        Assert.Equal(blocks + halts + allowed, PrometheusText.Sum(metrics, "guardrail_decisions_total", "direction=\"input\""));
        Assert.Equal(1, PrometheusText.Sum(metrics, "gen_ai_client_operation_time_to_first_chunk_seconds_count"));
        Assert.True(PrometheusText.Sum(metrics, "guardrail_screen_stage_duration_milliseconds_count", "stage=\"lexical\"") >= blocks + halts + allowed);
        Assert.True(PrometheusText.Sum(metrics, "guardrail_upstream_duration_milliseconds_count", "outcome=\"ok\"") >= halts + allowed);
        Assert.True(PrometheusText.Has(metrics, "guardrail_inference_queue_depth"));

        // No tenant label unless asked for; no text anywhere in the exposition.
        Assert.DoesNotContain("tenant=", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", metrics, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Scrape_WithoutTheAdminKey_IsRefused()
    {
        await using var proxy = await GuardedProxy.StartAsync(AdminArgs.Listener);
        using var anonymous = AdminArgs.Client(proxy, key: null);
        using var wrong = AdminArgs.Client(proxy, key: "not-the-key");

        using var none = await anonymous.GetAsync("/metrics");
        using var bad = await wrong.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task TenantLabels_WhenConfigured_LabelRefusalsByTenantName()
    {
        await using var limited = await LimitedProxy.StartAsync(LimitedProxy.Tenants("requests_per_minute: 1"), [.. AdminArgs.Listener, "--Guardrail:Telemetry:TenantLabels=true"]);
        using var client = limited.Client();
        var body = JsonSerializer.Serialize(new { model = "m", messages = new[] { new { role = "user", content = Prompts.Benign } } });
        using var first = await client.PostAsync(Chat, JsonBody.Of(body));
        using var second = await client.PostAsync(Chat, JsonBody.Of(body));

        using var admin = AdminArgs.Client(limited.Proxy);
        var metrics = await admin.GetStringAsync("/metrics");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, PrometheusText.Sum(metrics, "guardrail_limit_refusals_total", "tenant=\"acme\""));
    }
}
