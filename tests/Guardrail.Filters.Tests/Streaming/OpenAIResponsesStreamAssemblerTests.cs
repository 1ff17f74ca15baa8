using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class OpenAIResponsesStreamAssemblerTests
{
    private const string Adapter = TestAssemblers.OpenAIResponses;

    [Theory]
    [InlineData(true, "content_filter")]
    [InlineData(false, "max_output_tokens")]
    public void Stop_ResponseIncompleteWithStreamIdentityAndNextSequence(bool contentFilter, string reason)
    {
        // The prefix ends with sequence_number 10, the first text delta after it would be 11.
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "\"sequence_number\":11,"));

        var events = SseParse.Events(contentFilter ? assembler.BuildContentFilterHalt() : assembler.BuildLengthStop());

        var halt = Assert.Single(events);
        Assert.Equal("response.incomplete", halt.EventType);
        var json = halt.Json!.Value;
        Assert.Equal("response.incomplete", SseParse.Str(json, "type"));
        Assert.Equal(11, json.GetProperty("sequence_number").GetInt64());
        var response = json.GetProperty("response");
        Assert.Equal("resp_68a1c", SseParse.Str(response, "id"));
        Assert.Equal("response", SseParse.Str(response, "object"));
        Assert.Equal("gpt-5-mini-2025-08-07", SseParse.Str(response, "model"));
        Assert.Equal(1717000002, response.GetProperty("created_at").GetInt64());
        Assert.Equal("incomplete", SseParse.Str(response, "status"));
        Assert.Equal(reason, SseParse.Str(response.GetProperty("incomplete_details"), "reason"));
        // The rest of the response object is echoed as the stream announced it.
        Assert.Equal("auto", SseParse.Str(response, "tool_choice"));
        Assert.Equal(JsonValueKind.Array, response.GetProperty("tools").ValueKind);
    }

    [Fact]
    public void HaltBeforeAnyEvent_CreatedThenIncomplete()
    {
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["response.created", "response.incomplete"], events.Select(e => e.EventType));
        Assert.Equal(0, events[0].Json!.Value.GetProperty("sequence_number").GetInt64());
        Assert.Equal(1, events[1].Json!.Value.GetProperty("sequence_number").GetInt64());
        var response = events[1].Json!.Value.GetProperty("response");
        Assert.Equal("requested-model", SseParse.Str(response, "model"));
        Assert.Equal("incomplete", SseParse.Str(response, "status"));
        Assert.Equal("content_filter", SseParse.Str(response.GetProperty("incomplete_details"), "reason"));
        Assert.Equal(SseParse.Str(events[0].Json!.Value.GetProperty("response"), "id"), SseParse.Str(response, "id"));
    }

    [Fact]
    public void ProgressEvents_TrackSequenceAndOpenOutputs()
    {
        var assembler = (OpenAIResponsesStreamAssembler)SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "\"sequence_number\":16,"));

        Assert.Equal(15, assembler.LastSequenceNumber);
        Assert.Equal([2], assembler.OpenOutputIndexes);
        Assert.Equal("resp_68a1c", assembler.Id);
    }

    [Theory]
    [InlineData("response.output_text.delta", "Text")]
    [InlineData("response.refusal.delta", "Text")]
    [InlineData("response.audio.transcript.delta", "Text")]
    [InlineData("response.audio_transcript.delta", "Text")]
    [InlineData("response.function_call_arguments.delta", "ToolArguments")]
    [InlineData("response.reasoning_summary_text.delta", "Reasoning")]
    [InlineData("response.reasoning_text.delta", "Reasoning")]
    public void DeltaEvents_KindAndPosition(string type, string kindName)
    {
        var kind = Enum.Parse<StreamDeltaKind>(kindName);
        var assembler = TestAssemblers.Create(Adapter)!;

        // Delta before type: property order is not relied upon.
        var result = SseParse.ProcessOne(assembler, "event: " + type + "\ndata: {\"delta\":\"abc\",\"output_index\":3,\"content_index\":1,\"type\":\"" + type + "\",\"sequence_number\":5}\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((kind, 3, 1, "abc"), (delta.Kind, delta.Index, delta.SubIndex, delta.Text.ToString()));
    }

    [Fact]
    public void NonTextDelta_NotReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"response.audio.delta","sequence_number":1,"delta":"AAAA"}""" + "\n\n");

        Assert.True(result.Generated().IsEmpty);
        Assert.False(result.IsMalformed);
    }

    [Fact]
    public void Completed_Terminal()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"response.completed","sequence_number":9,"response":{"id":"r","status":"completed"}}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.False(result.IsUpstreamError);
    }

    [Fact]
    public void UpstreamIncomplete_TerminalWithReason()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"type":"response.incomplete","sequence_number":9,"response":{"id":"r","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"}}}""" + "\n\n");

        Assert.True(result.IsTerminal);
        Assert.Equal("max_output_tokens", result.FinishReason);
    }

    [Fact]
    public void Failed_UpstreamErrorWithCode()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: response.failed""" + "\n" + """data: {"type":"response.failed","sequence_number":3,"response":{"id":"r","status":"failed","error":{"code":"server_error","message":"The model failed"}}}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal("server_error", result.UpstreamErrorCode);
    }

    [Fact]
    public void ErrorEvent_UpstreamErrorWithCode()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """event: error""" + "\n" + """data: {"type":"error","code":"rate_limit_exceeded","message":"slow down","param":null,"sequence_number":2}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.True(result.IsTerminal);
        Assert.Equal("rate_limit_exceeded", result.UpstreamErrorCode);
    }

    [Theory]
    [InlineData("""data: {"type":"response.output_text.delta","delta":"a""")]
    [InlineData("""data: {"delta":"a","sequence_number":1}""")]
    [InlineData("""data: [DONE]""")]
    public void MalformedData_ErrorValue(string sse)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, sse + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    private const string Created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_held","object":"response","created_at":7,"status":"in_progress","model":"gpt-test","instructions":"be brief","output":[],"tools":[],"tool_choice":"auto"}}""";

    [Fact]
    public void HeldEvents_HaltContinuesFromLastCommittedSequenceNumber()
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "\"sequence_number\":11,"));
        SseParse.ProcessData(
            assembler,
            """{"type":"response.output_text.delta","sequence_number":11,"item_id":"msg_01","output_index":1,"content_index":0,"delta":"held"}""",
            """{"type":"response.output_text.delta","sequence_number":12,"item_id":"msg_01","output_index":1,"content_index":0,"delta":" too"}""");

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        var halt = Assert.Single(events);
        Assert.Equal("response.incomplete", halt.EventType);
        Assert.Equal(11, halt.Json!.Value.GetProperty("sequence_number").GetInt64());
    }

    [Fact]
    public void HeldResponseCreated_HaltAnnouncesTheStreamsResponseThenIncomplete()
    {
        var assembler = TestAssemblers.Create(Adapter, "requested-model")!;
        SseParse.ProcessData(
            assembler,
            Created,
            """{"type":"response.output_text.delta","sequence_number":1,"output_index":0,"content_index":0,"delta":"held"}""");

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(["response.created", "response.incomplete"], events.Select(e => e.EventType));
        Assert.Equal([0L, 1L], events.Select(e => e.Json!.Value.GetProperty("sequence_number").GetInt64()));
        var created = events[0].Json!.Value.GetProperty("response");
        Assert.Equal("resp_held", SseParse.Str(created, "id"));
        Assert.Equal("be brief", SseParse.Str(created, "instructions"));
        Assert.Equal("in_progress", SseParse.Str(created, "status"));
        var incomplete = events[1].Json!.Value.GetProperty("response");
        Assert.Equal("resp_held", SseParse.Str(incomplete, "id"));
        Assert.Equal("gpt-test", SseParse.Str(incomplete, "model"));
        Assert.Equal("incomplete", SseParse.Str(incomplete, "status"));
    }

    [Fact]
    public void CommittedResponseCreated_HaltOnlyIncomplete()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(assembler, Created);
        assembler.Commit();
        SseParse.ProcessData(assembler, """{"type":"response.completed","sequence_number":1,"response":{"id":"resp_held","status":"completed"}}""");

        var events = SseParse.Events(assembler.BuildLengthStop());

        var halt = Assert.Single(events);
        Assert.Equal("response.incomplete", halt.EventType);
        Assert.Equal(1, halt.Json!.Value.GetProperty("sequence_number").GetInt64());
        Assert.Equal("max_output_tokens", SseParse.Str(halt.Json!.Value.GetProperty("response").GetProperty("incomplete_details"), "reason"));
        Assert.True(assembler.HasTerminated);
        Assert.False(assembler.HasTerminatedCommitted);
        assembler.Commit();
        Assert.True(assembler.HasTerminatedCommitted);
    }

    [Fact]
    public void DeltaAsArrayOfParts_EachPartsTextReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"delta":[{"type":"output_text","text":"ab"},"cd"],"type":"response.output_text.delta","sequence_number":1,"output_index":2,"content_index":1}""" + "\n\n");

        Assert.Null(result.Error);
        Assert.Equal([(StreamDeltaKind.Text, 2, 1, "ab"), (StreamDeltaKind.Text, 2, 1, "cd")], result.Generated().ToArray().Select(d => (d.Kind, d.Index, d.SubIndex, d.Text.ToString())));
    }

    [Theory]
    [InlineData("""{"type":"response.output_text.delta","sequence_number":1,"delta":5}""", "delta")]
    [InlineData("""{"delta":true,"type":"response.refusal.delta","sequence_number":1}""", "delta")]
    [InlineData("""{"type":"response.function_call_arguments.delta","sequence_number":1,"delta":{"city":"Paris"}}""", "delta")]
    [InlineData("""{"type":"response.reasoning_summary_text.delta","sequence_number":1,"delta":[{"type":"summary_text","text":2}]}""", "delta[].text")]
    [InlineData("""{"type":"response.content_part.added","sequence_number":1,"part":{"type":"output_text","text":3}}""", "part.text")]
    [InlineData("""{"part":{"type":"refusal","refusal":4},"type":"response.content_part.added","sequence_number":1}""", "part.refusal")]
    [InlineData("""{"type":"response.output_item.added","sequence_number":1,"item":{"type":"function_call","arguments":5}}""", "item.arguments")]
    [InlineData("""{"type":"response.output_item.added","sequence_number":1,"item":{"type":"message","content":[{"type":"output_text","text":6}]}}""", "item.content[].text")]
    [InlineData("""{"type":"response.output_item.added","sequence_number":1,"item":"message"}""", "item")]
    public void TextFieldOfAnotherType_MalformedNamingThePath(string data, string path)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: " + data + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.Contains("'" + path + "'", result.Error, StringComparison.Ordinal);
        Assert.True(result.Generated().IsEmpty);
    }

    [Theory]
    [InlineData("""{"type":"response.audio.delta","sequence_number":1,"delta":{"pcm":1}}""")]
    [InlineData("""{"delta":{"pcm":1},"type":"response.audio.delta","sequence_number":1}""")]
    [InlineData("""{"type":"response.output_text.delta","sequence_number":1,"delta":null}""")]
    [InlineData("""{"type":"response.content_part.done","sequence_number":1,"part":{"type":"output_text","text":"repeated"}}""")]
    [InlineData("""{"part":{"type":"output_text","text":"repeated"},"type":"response.content_part.done","sequence_number":1}""")]
    [InlineData("""{"item":{"type":"message","content":[{"type":"output_text","text":"repeated"}]},"type":"response.output_item.done","sequence_number":1,"output_index":0}""")]
    [InlineData("""{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message","content":[{"type":"output_audio","data":"UklGRg=="}]}}""")]
    public void NoTextToReport_NeitherTextNorMalformed(string data)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: " + data + "\n\n");

        Assert.False(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    [Theory]
    [InlineData("response.content_part.added", "Text")]
    [InlineData("response.reasoning_summary_part.added", "Reasoning")]
    public void PartAddedWithText_Reported(string type, string kindName)
    {
        var kind = Enum.Parse<StreamDeltaKind>(kindName);
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: {\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"early\"},\"type\":\"" + type + "\",\"sequence_number\":3,\"output_index\":1,\"content_index\":2}\n\n");

        var delta = Assert.Single(result.Generated().ToArray());
        Assert.Equal((kind, 1, 2, "early"), (delta.Kind, delta.Index, delta.SubIndex, delta.Text.ToString()));
    }

    [Fact]
    public void OutputItemAddedWithText_ReportedByField()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var call = SseParse.ProcessOne(assembler, """data: {"type":"response.output_item.added","sequence_number":1,"output_index":2,"item":{"id":"fc","type":"function_call","name":"f","call_id":"c","arguments":"{\"q\":"}}""" + "\n\n");
        var callDeltas = call.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())).ToArray();
        var message = SseParse.ProcessOne(assembler, """data: {"item":{"id":"m","type":"message","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"early"}]},"type":"response.output_item.added","sequence_number":2,"output_index":3}""" + "\n\n");
        var messageDeltas = message.Generated().ToArray().Select(d => (d.Kind, d.Index, d.Text.ToString())).ToArray();

        Assert.Equal([(StreamDeltaKind.ToolArguments, 2, "{\"q\":")], callDeltas);
        Assert.Equal([(StreamDeltaKind.Text, 3, "early")], messageDeltas);
        Assert.Equal([2, 3], ((OpenAIResponsesStreamAssembler)assembler).OpenOutputIndexes.Order());
    }
}
