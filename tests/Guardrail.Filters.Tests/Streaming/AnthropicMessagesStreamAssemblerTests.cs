using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class AnthropicMessagesStreamAssemblerTests
{
    private const string Adapter = StreamAssemblerFactory.AnthropicMessages;

    [Fact]
    public void ContentFilterHalt_ClosesOpenBlockThenRefusalThenStop()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "wörld"));

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.Select(e => e.EventType));
        Assert.All(events, e => Assert.Equal(e.EventType, SseParse.Str(e.Json!.Value, "type")));
        Assert.Equal(1, events[0].Json!.Value.GetProperty("index").GetInt32());
        var delta = events[1].Json!.Value.GetProperty("delta");
        Assert.Equal("refusal", SseParse.Str(delta, "stop_reason"));
        Assert.Equal(JsonValueKind.Null, delta.GetProperty("stop_sequence").ValueKind);
        var details = delta.GetProperty("stop_details");
        Assert.Equal("refusal", SseParse.Str(details, "type"));
        Assert.Equal(JsonValueKind.Null, details.GetProperty("category").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("explanation").ValueKind);
        Assert.Equal(1, events[1].Json!.Value.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public void LengthStop_MaxTokensWithoutStopDetails()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "Paris"));

        var events = SseParse.Events(assembler.BuildLengthStop());

        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.Select(e => e.EventType));
        Assert.Equal(2, events[0].Json!.Value.GetProperty("index").GetInt32());
        var delta = events[1].Json!.Value.GetProperty("delta");
        Assert.Equal("max_tokens", SseParse.Str(delta, "stop_reason"));
        Assert.False(delta.TryGetProperty("stop_details", out _));
    }

    [Fact]
    public void HaltBetweenBlocks_NoBlockToClose()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "\"type\":\"tool_use\""));

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["message_delta", "message_stop"], events.Select(e => e.EventType));
    }

    [Fact]
    public void HaltBeforeMessageStart_SynthesisesMessageStart()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter, "requested-model")!;

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["message_start", "message_delta", "message_stop"], events.Select(e => e.EventType));
        var message = events[0].Json!.Value.GetProperty("message");
        Assert.Equal("requested-model", SseParse.Str(message, "model"));
        Assert.Equal("assistant", SseParse.Str(message, "role"));
        Assert.Empty(message.GetProperty("content").EnumerateArray());
    }

    [Fact]
    public void BlockEvents_TrackOpenBlocksAndIdentity()
    {
        var assembler = (AnthropicMessagesStreamAssembler)SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "Paris"));

        Assert.Equal([2], assembler.OpenBlocks);
        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", assembler.Id);
        Assert.Equal("claude-sonnet-4-5-20250929", assembler.Model);
    }

    [Fact]
    public void MessageDeltaWithStopReason_Terminal()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: message_delta""" + "\n" + """data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.Equal("end_turn", result.FinishReason);
        Assert.True(result.Deltas.IsEmpty);
    }

    [Fact]
    public void ToolUseStartWithInput_ReportedAsToolArguments()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"t","name":"n","input":{"city":"Paris"}}}""" + "\n\n");

        var delta = Assert.Single(result.Deltas.ToArray());
        Assert.Equal((StreamDeltaKind.ToolArguments, 4, "{\"city\":\"Paris\"}"), (delta.Kind, delta.Index, delta.Text.ToString()));
    }

    [Fact]
    public void ErrorEvent_UpstreamErrorWithType()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: error""" + "\n" + """data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal("overloaded_error", result.UpstreamErrorCode);
    }

    [Fact]
    public void Ping_NothingReported()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "event: ping\ndata: {\"type\": \"ping\"}\n\n");

        Assert.False(result.IsTerminal || result.IsMalformed || result.IsUpstreamError || !result.Deltas.IsEmpty);
    }

    [Theory]
    [InlineData("""data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"abc"}""")]
    [InlineData("""data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"abc"}}""")]
    [InlineData("""data: {"index":0,"delta":{"type":"text_delta","text":"abc"}}""")]
    [InlineData("""data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"abc"}}}""")]
    public void MalformedData_ErrorValueNoDeltas(string sse)
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.True(result.Deltas.IsEmpty);
    }

    [Fact]
    public void SteadyStateDeltas_AllocateNothing()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;
        var bytes = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"h\\u00e9llo\"}}\n\n"u8.ToArray();
        using var reader = new SseFrameReader();
        reader.Append(bytes);
        Assert.True(reader.TryRead(out var frame));
        assembler.Process(frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var chars = 0;
        for (var i = 0; i < 2000; i++)
        {
            chars += assembler.Process(frame).Deltas.Span[0].Text.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000 * "héllo".Length, chars);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 events");
    }
}
