using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class AnthropicMessagesStreamAssemblerTests
{
    private const string Adapter = TestAssemblers.AnthropicMessages;

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
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;

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
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: message_delta""" + "\n" + """data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.Equal("end_turn", result.FinishReason);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void ToolUseStartWithInput_ReportedAsToolArguments()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"t","name":"n","input":{"city":"Paris"}}}""" + "\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((StreamDeltaKind.ToolArguments, 4, "{\"city\":\"Paris\"}"), (delta.Kind, delta.Index, delta.Text.ToString()));
    }

    [Fact]
    public void ErrorEvent_UpstreamErrorWithType()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: error""" + "\n" + """data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal("overloaded_error", result.UpstreamErrorCode);
    }

    [Fact]
    public void Ping_NothingReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "event: ping\ndata: {\"type\": \"ping\"}\n\n");

        Assert.False(result.IsTerminal || result.IsMalformed || result.IsUpstreamError || !result.Generated().IsEmpty);
    }

    [Theory]
    [InlineData("""data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"abc"}""")]
    [InlineData("""data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"abc"}}""")]
    [InlineData("""data: {"index":0,"delta":{"type":"text_delta","text":"abc"}}""")]
    [InlineData("""data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"abc"}}}""")]
    public void MalformedData_ErrorValueNoDeltas(string sse)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    private const string MessageStart = """{"type":"message_start","message":{"id":"msg_held","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}""";

    [Fact]
    public void HeldBlockStopAndStart_HaltClosesOnlyTheBlockTheClientSawOpen()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(
            assembler,
            MessageStart,
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}""");
        assembler.Commit();

        // Held, then dropped by the halt: the client never sees block 0 stop nor block 1 start.
        SseParse.ProcessData(
            assembler,
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""");
        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.Select(e => e.EventType));
        Assert.Equal(0, events[0].Json!.Value.GetProperty("index").GetInt32());
        Assert.Equal("refusal", SseParse.Str(events[1].Json!.Value.GetProperty("delta"), "stop_reason"));
    }

    [Fact]
    public void HeldUsageUpdate_HaltReportsCommittedOutputTokens()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(assembler, MessageStart, """{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}""");
        assembler.Commit();
        SseParse.ProcessData(assembler, """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":77}}""");

        var events = SseParse.Events(assembler.BuildLengthStop());

        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.Select(e => e.EventType));
        Assert.Equal(2, events[0].Json!.Value.GetProperty("index").GetInt32());
        Assert.Equal(1, events[1].Json!.Value.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.True(assembler.HasTerminated);
        Assert.False(assembler.HasTerminatedCommitted);
    }

    [Fact]
    public void HeldMessageStart_HaltAnnouncesTheMessageAgainWithItsIdentity()
    {
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;
        SseParse.ProcessData(
            assembler,
            MessageStart,
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["message_start", "message_delta", "message_stop"], events.Select(e => e.EventType));
        var message = events[0].Json!.Value.GetProperty("message");
        Assert.Equal("msg_held", SseParse.Str(message, "id"));
        Assert.Equal("claude-test", SseParse.Str(message, "model"));
    }

    [Fact]
    public void TextAndThinkingAsArraysOfParts_Reported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var text = SseParse.ProcessOne(assembler, """data: {"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":[{"type":"text","text":"ab"},"cd"]}}""" + "\n\n");
        var textDeltas = text.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())).ToArray();
        var thinking = SseParse.ProcessOne(assembler, """data: {"type":"content_block_delta","index":4,"delta":{"type":"thinking_delta","thinking":[{"type":"text","text":"hm"}]}}""" + "\n\n");
        var thinkingDeltas = thinking.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())).ToArray();

        Assert.Equal([(StreamDeltaKind.Text, 3, "ab"), (StreamDeltaKind.Text, 3, "cd")], textDeltas);
        Assert.Equal([(StreamDeltaKind.Reasoning, 4, "hm")], thinkingDeltas);
    }

    [Fact]
    public void BlocksInMessageStartContent_ReportedByPosition()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"message_start","message":{"id":"m","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"early"}],"usage":{"output_tokens":1}}}""" + "\n\n");

        Assert.Null(result.Error);
        Assert.Equal([(StreamDeltaKind.Reasoning, 0, "hm"), (StreamDeltaKind.Text, 1, "early")], result.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())));
    }

    [Fact]
    public void ToolInputAsString_ReportedAsToolArguments()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"n","input":"{\"q\":1}"}}""" + "\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((StreamDeltaKind.ToolArguments, 1, "{\"q\":1}"), (delta.Kind, delta.Index, delta.Text.ToString()));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}""", "delta.text")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{"value":"x"}}}""", "delta.text")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":[{"type":"text","text":1}]}}""", "delta.text[].text")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":true}}""", "delta.thinking")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":{"a":1}}}""", "delta.partial_json")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":"text"}""", "delta")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":9}}""", "content_block.text")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","input":3}}""", "content_block.input")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":["text"]}""", "content_block")]
    [InlineData("""{"type":"message_start","message":{"id":"m","content":[{"type":"text","text":1}]}}""", "message.content[].text")]
    [InlineData("""{"type":"message_start","message":{"id":"m","content":["text"]}}""", "message.content[]")]
    [InlineData("""{"type":"message_start","message":{"id":"m","content":"text"}}""", "message.content")]
    public void TextFieldOfAnotherType_MalformedNamingThePath(string data, string path)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: " + data + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.Contains("'" + path + "'", result.Error, StringComparison.Ordinal);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void NullTextFields_NeitherTextNorMalformed()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","text":null,"thinking":null,"input":null}}""" + "\n\n");

        Assert.False(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void BlockStartStopAndCommit_AllocateNothing()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        // One reader per frame: a frame is valid only until its reader's next call.
        using var startReader = new SseFrameReader();
        using var stopReader = new SseFrameReader();
        startReader.Append("data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"u8);
        stopReader.Append("data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"u8);
        Assert.True(startReader.TryRead(out var start));
        Assert.True(stopReader.TryRead(out var stop));
        assembler.Process(start);
        assembler.Commit();
        assembler.Process(stop);
        assembler.Commit();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            assembler.Process(start);
            assembler.Commit();
            assembler.Process(stop);
            assembler.Commit();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 1000 blocks");
        Assert.Equal(["message_start", "message_delta", "message_stop"], SseParse.Events(assembler.BuildContentFilterHalt()).Select(e => e.EventType));
    }

    [Fact]
    public void SteadyStateDeltas_AllocateNothing()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
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
            assembler.Commit();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000 * "héllo".Length, chars);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 events");
    }
}
