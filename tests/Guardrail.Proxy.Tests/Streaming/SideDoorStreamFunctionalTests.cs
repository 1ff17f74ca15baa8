using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Streaming;

/// <summary>
/// Issue 15, answer side, streamed, through the real proxy: a misbehaving upstream answers a benign request with a
/// (placeholder) weapons answer hidden outside the plain text channel — interleaved choices, tool calls, blocks and
/// items with words split across them, text only in final events, logprobs, unknown fields, SSE comments and ids,
/// error events, citations, server-tool results. The client gets the API's own halt before the text is whole.
/// </summary>
public sealed class SideDoorStreamFunctionalTests(SideDoorProxyFixture fixture) : IClassFixture<SideDoorProxyFixture>
{
    [Theory]
    [MemberData(nameof(SideDoorScripts.StreamedNames), MemberType = typeof(SideDoorScripts))]
    public async Task HiddenHarmfulAnswer_HaltedBeforeItIsWhole(string name)
    {
        var script = SideDoorScripts.Streamed[name];
        var proxy = fixture.Proxy;
        proxy.Upstream.Responder = SideDoorProxyFixture.Streaming(script.Events.Select(e => e.Event));
        var (path, request) = SideDoorProxyFixture.Request(script.Api, stream: true);

        using var response = await proxy.Client.PostAsync(path, JsonBody.Of(request));
        var output = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(SseScripts.ViolationMarker, SideDoorScripts.ReleasedPieces(script, output), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("make sarin", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(script.Api switch
        {
            SseScripts.Responses => "\"reason\":\"content_filter\"",
            SseScripts.Anthropic => "\"stop_reason\":\"refusal\"",
            _ => "\"finish_reason\":\"content_filter\"",
        }, output, StringComparison.Ordinal);
    }
}
