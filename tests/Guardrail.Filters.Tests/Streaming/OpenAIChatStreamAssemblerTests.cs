using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class OpenAIChatStreamAssemblerTests
{
    private const string Adapter = StreamAssemblerFactory.OpenAIChat;

    [Fact]
    public void ContentFilterHalt_FinalChunkWithStreamIdsThenDone()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "wörld"));

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(2, events.Count);
        var chunk = events[0].Json!.Value;
        Assert.Null(events[0].EventType);
        Assert.Equal("chatcmpl-9xTq1", SseParse.Str(chunk, "id"));
        Assert.Equal("chat.completion.chunk", SseParse.Str(chunk, "object"));
        Assert.Equal(1717000000, chunk.GetProperty("created").GetInt64());
        Assert.Equal("gpt-4o-mini-2024-07-18", SseParse.Str(chunk, "model"));
        var choice = Assert.Single(chunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Object, choice.GetProperty("delta").ValueKind);
        Assert.Empty(choice.GetProperty("delta").EnumerateObject());
        Assert.Equal("content_filter", SseParse.Str(choice, "finish_reason"));
        Assert.Equal("[DONE]", events[1].Data);
        Assert.Null(events[1].EventType);
    }

    [Fact]
    public void LengthStop_FinishReasonLength()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "wörld"));

        var events = SseParse.Events(assembler.BuildLengthStop());

        var choice = Assert.Single(events[0].Json!.Value.GetProperty("choices").EnumerateArray());
        Assert.Equal("length", SseParse.Str(choice, "finish_reason"));
        Assert.Equal("[DONE]", events[1].Data);
    }

    [Fact]
    public void HaltBeforeAnyChunk_UsesFallbackModel()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter, "requested-model")!;

        var chunk = SseParse.Events(assembler.BuildContentFilterHalt())[0].Json!.Value;

        Assert.Equal("requested-model", SseParse.Str(chunk, "model"));
        Assert.False(string.IsNullOrEmpty(SseParse.Str(chunk, "id")));
        Assert.Equal(0, Assert.Single(chunk.GetProperty("choices").EnumerateArray()).GetProperty("index").GetInt32());
    }

    [Fact]
    public void StreamModel_WinsOverFallback()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "wörld"), fallbackModel: "requested-model");

        Assert.Equal("gpt-4o-mini-2024-07-18", assembler.Model);
    }

    [Fact]
    public void SeveralChoices_HaltStopsEveryUnfinishedChoice()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;
        SseParse.ProcessOne(assembler, """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":null},{"index":2,"delta":{"content":"c"},"finish_reason":null}]}""" + "\n\n");
        SseParse.ProcessOne(assembler, """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}""" + "\n\n");

        var chunk = SseParse.Events(assembler.BuildContentFilterHalt())[0].Json!.Value;

        var indexes = chunk.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()).ToArray();
        Assert.Equal([0, 2], indexes);
    }

    [Fact]
    public void DeltasOfSeveralChoicesAndToolCalls_IndexedByChoiceAndTool()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}"},"index":1}]},"index":2},{"index":3,"delta":{"reasoning":"r","content":"t"}}]}""" + "\n\n");

        var deltas = result.Deltas.ToArray();
        Assert.Equal(3, deltas.Length);
        Assert.Equal((StreamDeltaKind.ToolArguments, 2, 1, "{}"), (deltas[0].Kind, deltas[0].Index, deltas[0].SubIndex, deltas[0].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Reasoning, 3, "r"), (deltas[1].Kind, deltas[1].Index, deltas[1].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Text, 3, "t"), (deltas[2].Kind, deltas[2].Index, deltas[2].Text.ToString()));
    }

    [Fact]
    public void LegacyFunctionCallAndRefusal_Reported()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"function_call":{"name":"f","arguments":"{\"a\":1}"},"refusal":"no"}}]}""" + "\n\n");

        var deltas = result.Deltas.ToArray();
        Assert.Equal((StreamDeltaKind.ToolArguments, "{\"a\":1}"), (deltas[0].Kind, deltas[0].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Text, "no"), (deltas[1].Kind, deltas[1].Text.ToString()));
    }

    [Fact]
    public void SeveralLargeDeltasInOneChunk_AllIntactAcrossBufferGrowth()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;
        var first = new string('a', 300);
        var second = string.Concat(Enumerable.Repeat("wörld ", 20_000));

        var result = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + first + "\",\"reasoning\":\"" + second + "\"}}]}\n\n");
        var texts = result.Deltas.ToArray().Select(d => d.Text.ToString()).ToArray();
        var next = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n");

        Assert.Equal([first, second], texts);
        Assert.Equal("b", Assert.Single(next.Deltas.ToArray()).Text.ToString());
    }

    [Fact]
    public void FinishReasonChunk_TerminalWithReason()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.Equal("stop", result.FinishReason);
        Assert.True(assembler.HasTerminated);
    }

    [Fact]
    public void Done_Terminal()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: [DONE]\n\n");

        Assert.True(result.IsTerminal);
        Assert.False(result.IsMalformed);
    }

    [Theory]
    [InlineData("""data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}""", "server_error")]
    [InlineData("""data: {"object":"error","message":"busy","type":"InternalServerError","code":500}""", null)]
    [InlineData("""event: error""" + "\n" + """data: {"message":"busy"}""", null)]
    public void UpstreamErrorChunk_RecognisedAndTerminal(string sse, string? code)
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal(code, result.UpstreamErrorCode);
        Assert.False(result.IsMalformed);
    }

    [Fact]
    public void NullErrorProperty_NotAnError()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"error":null,"choices":[{"index":0,"delta":{"content":"a"}}]}""" + "\n\n");

        Assert.False(result.IsUpstreamError);
        Assert.Equal("a", Assert.Single(result.Deltas.ToArray()).Text.ToString());
    }

    [Theory]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"content":"a"}}]""")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"content":"a\q"}}]}""")]
    [InlineData("""data: {"choices":[]} trailing""")]
    [InlineData("""data: not json""")]
    [InlineData("""data: [1,2]""")]
    [InlineData("""data: {"choices":"text"}""")]
    [InlineData("""data: {"choices":[1]}""")]
    public void MalformedData_ErrorValueNoDeltas(string sse)
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.True(result.Deltas.IsEmpty);
    }

    [Fact]
    public void KeepAliveAndEmptyData_NothingReported()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var comment = SseParse.ProcessOne(assembler, ": keep-alive\n\n");
        var empty = SseParse.ProcessOne(assembler, "data: \n\n");

        Assert.False(comment.IsMalformed || comment.IsTerminal || !comment.Deltas.IsEmpty);
        Assert.False(empty.IsMalformed || empty.IsTerminal || !empty.Deltas.IsEmpty);
    }

    [Fact]
    public void SteadyStateDeltas_AllocateNothing()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;
        var bytes = System.Text.Encoding.UTF8.GetBytes("""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"h\u00e9llo wörld"},"logprobs":null,"finish_reason":null}]}""" + "\n\n");
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
        Assert.Equal(2000 * "héllo wörld".Length, chars);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 chunks");
    }
}
