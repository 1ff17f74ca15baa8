using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class OpenAIChatStreamAssemblerTests
{
    private const string Adapter = TestAssemblers.OpenAIChat;

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
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;

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
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessOne(assembler, """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":null},{"index":2,"delta":{"content":"c"},"finish_reason":null}]}""" + "\n\n");
        SseParse.ProcessOne(assembler, """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}""" + "\n\n");
        assembler.Commit();

        var chunk = SseParse.Events(assembler.BuildContentFilterHalt())[0].Json!.Value;

        var indexes = chunk.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()).ToArray();
        Assert.Equal([0, 2], indexes);
    }

    [Fact]
    public void DeltasOfSeveralChoicesAndToolCalls_IndexedByChoiceAndTool()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}"},"index":1}]},"index":2},{"index":3,"delta":{"reasoning":"r","content":"t"}}]}""" + "\n\n");

        var deltas = result.Generated().ToArray();
        Assert.Equal(3, deltas.Length);
        Assert.Equal((StreamDeltaKind.ToolArguments, 2, 1, "{}"), (deltas[0].Kind, deltas[0].Index, deltas[0].SubIndex, deltas[0].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Reasoning, 3, "r"), (deltas[1].Kind, deltas[1].Index, deltas[1].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Text, 3, "t"), (deltas[2].Kind, deltas[2].Index, deltas[2].Text.ToString()));
    }

    [Fact]
    public void LegacyFunctionCallAndRefusal_Reported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"function_call":{"name":"f","arguments":"{\"a\":1}"},"refusal":"no"}}]}""" + "\n\n");

        var deltas = result.Generated().ToArray();
        Assert.Equal((StreamDeltaKind.ToolArguments, "{\"a\":1}"), (deltas[0].Kind, deltas[0].Text.ToString()));
        Assert.Equal((StreamDeltaKind.Text, "no"), (deltas[1].Kind, deltas[1].Text.ToString()));
    }

    [Fact]
    public void SeveralLargeDeltasInOneChunk_AllIntactAcrossBufferGrowth()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        var first = new string('a', 300);
        var second = string.Concat(Enumerable.Repeat("wörld ", 20_000));

        var result = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + first + "\",\"reasoning\":\"" + second + "\"}}]}\n\n");
        var texts = result.Generated().ToArray().Select(d => d.Text.ToString()).ToArray();
        var next = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n");

        Assert.Equal([first, second], texts);
        Assert.Equal("b", Assert.Single(next.Generated().ToArray()).Text.ToString());
    }

    [Fact]
    public void FinishReasonChunk_TerminalWithReason()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.Equal("stop", result.FinishReason);
        Assert.True(assembler.HasTerminated);
    }

    [Fact]
    public void Done_Terminal()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

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
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal(code, result.UpstreamErrorCode);
        Assert.False(result.IsMalformed);
    }

    [Fact]
    public void NullErrorProperty_NotAnError()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"error":null,"choices":[{"index":0,"delta":{"content":"a"}}]}""" + "\n\n");

        Assert.False(result.IsUpstreamError);
        Assert.Equal("a", Assert.Single(result.Generated().ToArray()).Text.ToString());
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
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void KeepAliveAndEmptyData_NothingReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var comment = SseParse.ProcessOne(assembler, ": keep-alive\n\n");
        var empty = SseParse.ProcessOne(assembler, "data: \n\n");

        Assert.False(comment.IsMalformed || comment.IsTerminal || !comment.Generated().IsEmpty);
        Assert.False(empty.IsMalformed || empty.IsTerminal || !empty.Generated().IsEmpty);
    }

    [Fact]
    public void ContentAsArrayOfParts_EachPartsTextReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":1,"delta":{"content":[{"type":"text","text":"abc"},{"type":"image_url","image_url":{"url":"https://example.invalid/x.png"}},"def",{"type":"text","text":null}]}}]}""" + "\n\n");

        Assert.Null(result.Error);
        Assert.Equal([(StreamDeltaKind.Text, 1, "abc"), (StreamDeltaKind.Text, 1, "def")], result.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())));
    }

    [Fact]
    public void MistralThinkingParts_ReportedAsReasoningThenText()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var thinking = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Let me think."}]}]}}]}""" + "\n\n");
        var thinkingDeltas = thinking.Generated().ToArray().Select(d => (d.Kind, d.Text.ToString())).ToArray();
        var answer = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"The answer."}],"reasoning_content":[{"type":"text","text":"More."}]}}]}""" + "\n\n");
        var answerDeltas = answer.Generated().ToArray().Select(d => (d.Kind, d.Text.ToString())).ToArray();

        Assert.Equal([(StreamDeltaKind.Reasoning, "Let me think.")], thinkingDeltas);
        Assert.Equal([(StreamDeltaKind.Text, "The answer."), (StreamDeltaKind.Reasoning, "More.")], answerDeltas);
    }

    [Fact]
    public void MistralStream_ReassembledInEveryTwoChunkSplit()
    {
        var input = System.Text.Encoding.UTF8.GetBytes(StreamFixtures.MistralChat + "\n\n");
        var expected = StreamTranscript.Run(input, StreamTranscript.Whole(input), Adapter);

        Assert.Empty(expected.Errors);
        Assert.Equal(StreamFixtures.ExpectedText, expected.Text.ToString());
        Assert.Equal(StreamFixtures.ExpectedReasoning, expected.Reasoning.ToString());
        for (var offset = 1; offset < input.Length; offset++)
        {
            var actual = StreamTranscript.Run(input, StreamTranscript.SplitAt(input, offset), Adapter);
            Assert.True(expected.Events.SequenceEqual(actual.Events), $"events differ (split at {offset})");
        }
    }

    [Fact]
    public void AudioTranscript_ReportedAsTextNotTheAudio()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"audio":{"id":"audio_1","data":"UklGRg==","expires_at":1,"transcript":"spoken words"}}}]}""" + "\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((StreamDeltaKind.Text, "spoken words"), (delta.Kind, delta.Text.ToString()));
    }

    [Fact]
    public void ArgumentsAsJsonObject_ReportedAsItsJson()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":2,"function":{"name":"f","arguments":{"city":"Paris"}}}]}}]}""" + "\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((StreamDeltaKind.ToolArguments, 2, "{\"city\":\"Paris\"}"), (delta.Kind, delta.SubIndex, delta.Text.ToString()));
    }

    [Theory]
    [InlineData("""{"content":null,"refusal":null,"reasoning":null,"audio":null,"tool_calls":null,"function_call":null}""")]
    [InlineData("""{"content":[]}""")]
    [InlineData("""{"content":[{"type":"image_url","image_url":{"url":"u"}}]}""")]
    [InlineData("""{"audio":{"id":"a","data":"UklGRg=="}}""")]
    public void NoTextInTextFields_NeitherTextNorMalformed(string delta)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":""" + delta + "}]}\n\n");

        Assert.False(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    [Theory]
    [InlineData("""{"delta":{"content":5}}""", "choices[].delta.content")]
    [InlineData("""{"delta":{"content":true}}""", "choices[].delta.content")]
    [InlineData("""{"delta":{"content":{"type":"image_url"}}}""", "choices[].delta.content")]
    [InlineData("""{"delta":{"content":[{"type":"text","text":{"value":"hidden"}}]}}""", "choices[].delta.content[].text")]
    [InlineData("""{"delta":{"content":[{"type":"text","text":7}]}}""", "choices[].delta.content[].text")]
    [InlineData("""{"delta":{"content":["ok",3]}}""", "choices[].delta.content[]")]
    [InlineData("""{"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":false}]}]}}""", "choices[].delta.content[].thinking[].text")]
    [InlineData("""{"delta":{"refusal":1}}""", "choices[].delta.refusal")]
    [InlineData("""{"delta":{"reasoning":{"text":1}}}""", "choices[].delta.reasoning.text")]
    [InlineData("""{"delta":{"reasoning_content":2}}""", "choices[].delta.reasoning_content")]
    [InlineData("""{"delta":{"audio":{"transcript":3}}}""", "choices[].delta.audio.transcript")]
    [InlineData("""{"delta":{"audio":"spoken"}}""", "choices[].delta.audio")]
    [InlineData("""{"delta":{"tool_calls":{"function":{"arguments":"{}"}}}}""", "choices[].delta.tool_calls")]
    [InlineData("""{"delta":{"tool_calls":["{}"]}}""", "choices[].delta.tool_calls[]")]
    [InlineData("""{"delta":{"tool_calls":[{"function":"f"}]}}""", "choices[].delta.tool_calls[].function")]
    [InlineData("""{"delta":{"tool_calls":[{"function":{"arguments":4}}]}}""", "choices[].delta.tool_calls[].function.arguments")]
    [InlineData("""{"delta":{"function_call":{"arguments":true}}}""", "choices[].delta.function_call.arguments")]
    [InlineData("""{"delta":"text"}""", "choices[].delta")]
    public void TextFieldOfAnotherType_MalformedNamingThePath(string choice, string path)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        // Text before and after the bad field must not leak out as a partial, seemingly well-formed event.
        var body = choice.Insert(choice.IndexOf("\"delta\":", StringComparison.Ordinal), "\"index\":0,");
        var result = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"before\"}}," + body + ",{\"index\":2,\"delta\":{\"content\":\"after\"}}]}\n\n");

        Assert.True(result.IsMalformed);
        Assert.Contains("'" + path + "'", result.Error, StringComparison.Ordinal);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void HeldFinishReason_HaltStillStopsThatChoice()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(assembler, """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":null},{"index":2,"delta":{"content":"c"},"finish_reason":null}]}""");
        assembler.Commit();

        // Processed but held: the client never sees choice 1 finish, so the halt must finish it.
        SseParse.ProcessData(assembler, """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}""");
        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        var choices = events[0].Json!.Value.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c => Assert.Equal("content_filter", SseParse.Str(c, "finish_reason")));
        Assert.Equal("[DONE]", events[1].Data);
    }

    [Fact]
    public void HeldFirstChunkOfAChoice_HaltDoesNotStopIt()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(assembler, """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}""");
        assembler.Commit();
        SseParse.ProcessData(assembler, """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":3,"delta":{"content":"d"},"finish_reason":null}]}""");

        var chunk = SseParse.Events(assembler.BuildLengthStop())[0].Json!.Value;

        var choice = Assert.Single(chunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("length", SseParse.Str(choice, "finish_reason"));
    }

    [Fact]
    public void NothingCommitted_HaltUsesIdentityOfHeldChunks()
    {
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;
        SseParse.ProcessData(assembler, """{"id":"chatcmpl-held","object":"chat.completion.chunk","created":42,"model":"stream-model","choices":[{"index":2,"delta":{"content":"x"},"finish_reason":null}]}""");

        var chunk = SseParse.Events(assembler.BuildContentFilterHalt())[0].Json!.Value;

        Assert.Equal("chatcmpl-held", SseParse.Str(chunk, "id"));
        Assert.Equal(42, chunk.GetProperty("created").GetInt64());
        Assert.Equal("stream-model", SseParse.Str(chunk, "model"));
        Assert.Equal(0, Assert.Single(chunk.GetProperty("choices").EnumerateArray()).GetProperty("index").GetInt32());
    }

    [Fact]
    public void TerminalEvent_CommittedOnlyOnCommit()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        SseParse.ProcessData(assembler, """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        var (processed, committedBefore) = (assembler.HasTerminated, assembler.HasTerminatedCommitted);
        assembler.Commit();

        Assert.True(processed);
        Assert.False(committedBefore);
        Assert.True(assembler.HasTerminatedCommitted);
    }

    [Fact]
    public void SteadyStateDeltas_AllocateNothing()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
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
            assembler.Commit();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000 * "héllo wörld".Length, chars);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 chunks");
    }
}
