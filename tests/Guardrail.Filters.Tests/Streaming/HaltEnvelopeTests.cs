using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// What the SDKs' stream accumulators require of a halt and of a streamed input refusal (openai-node
/// <c>ChatCompletionStream</c> / <c>ResponseStream</c>, Anthropic <c>MessageStream</c>, the .NET SDKs): every choice
/// opened with its role before it is finished, ids, <c>created</c>, <c>object</c>, and a model that is never empty.
/// </summary>
public sealed class HaltEnvelopeTests
{
    private const string RequestId = "grd_0123456789abcdef01234567";

    private const string RoleAndText = """{"id":"chatcmpl-up","object":"chat.completion.chunk","created":1717000000,"model":"up-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Sure"},"finish_reason":null}]}""";

    [Fact]
    public void ChatHaltBeforeAnyChunk_OpensChoiceWithRoleThenFinishes()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat, "requested-model", RequestId)!;

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(3, events.Count);
        var opening = Assert.Single(events[0].Json!.Value.GetProperty("choices").EnumerateArray());
        Assert.Equal("assistant", SseParse.Str(opening.GetProperty("delta"), "role"));
        Assert.Equal(JsonValueKind.Null, opening.GetProperty("finish_reason").ValueKind);
        var stop = Assert.Single(events[1].Json!.Value.GetProperty("choices").EnumerateArray());
        Assert.Equal("content_filter", SseParse.Str(stop, "finish_reason"));
        Assert.Empty(stop.GetProperty("delta").EnumerateObject());
        Assert.Equal("[DONE]", events[2].Data);
        foreach (var chunk in events.Take(2).Select(e => e.Json!.Value))
        {
            Assert.Equal("chatcmpl-" + RequestId, SseParse.Str(chunk, "id"));
            Assert.Equal("chat.completion.chunk", SseParse.Str(chunk, "object"));
            Assert.Equal("requested-model", SseParse.Str(chunk, "model"));
            Assert.True(chunk.GetProperty("created").GetInt64() > 1_700_000_000);
        }
    }

    [Fact]
    public void ChatHaltWhileFirstChunkHeld_OpensChoiceWithStreamIdentity()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat, "requested-model", RequestId)!;
        SseParse.ProcessData(assembler, RoleAndText);

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        // The held chunk carried the role but is dropped by the halt: the client still needs one.
        Assert.Equal(3, events.Count);
        var opening = events[0].Json!.Value;
        Assert.Equal("assistant", SseParse.Str(opening.GetProperty("choices")[0].GetProperty("delta"), "role"));
        Assert.Equal("chatcmpl-up", SseParse.Str(opening, "id"));
        Assert.Equal("up-model", SseParse.Str(opening, "model"));
        Assert.Equal(1717000000, opening.GetProperty("created").GetInt64());
    }

    [Fact]
    public void ChatHaltAfterReleasedChunk_DoesNotRepeatRole()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat, "requested-model", RequestId)!;
        SseParse.ProcessData(assembler, RoleAndText);
        assembler.Commit();

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        Assert.Equal(2, events.Count);
        var stop = Assert.Single(events[0].Json!.Value.GetProperty("choices").EnumerateArray());
        Assert.Empty(stop.GetProperty("delta").EnumerateObject());
        Assert.Equal("content_filter", SseParse.Str(stop, "finish_reason"));
    }

    [Fact]
    public void ChatInputRefusal_OpeningCarriesRoleAndRefusalText()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat, "requested-model", RequestId)!;

        var events = SseParse.Events(assembler.BuildInputRefusal());

        var delta = events[0].Json!.Value.GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal("assistant", SseParse.Str(delta, "role"));
        Assert.Equal(RefusalText.InputRefused, SseParse.Str(delta, "refusal"));
        Assert.Equal(string.Empty, SseParse.Str(delta, "content"));
        Assert.Equal("content_filter", SseParse.Str(events[1].Json!.Value.GetProperty("choices")[0], "finish_reason"));
        Assert.Equal("[DONE]", events[2].Data);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void HaltWithNoModelAnywhere_NamesUnknownNeverEmpty(string? requestModel)
    {
        foreach (var adapter in new[] { TestAssemblers.OpenAIChat, TestAssemblers.OpenAICompletions })
        {
            var chunk = SseParse.Events(TestAssemblers.Create(adapter, requestModel)!.BuildContentFilterHalt())[0].Json!.Value;
            Assert.Equal("unknown", SseParse.Str(chunk, "model"));
        }

        var response = SseParse.Events(TestAssemblers.Create(TestAssemblers.OpenAIResponses, requestModel)!.BuildContentFilterHalt())[1].Json!.Value;
        Assert.Equal("unknown", SseParse.Str(response.GetProperty("response"), "model"));
        var message = SseParse.Events(TestAssemblers.Create(TestAssemblers.AnthropicMessages, requestModel)!.BuildContentFilterHalt())[0].Json!.Value;
        Assert.Equal("unknown", SseParse.Str(message.GetProperty("message"), "model"));
    }

    [Fact]
    public void CompletionsInputRefusal_OneFinishingChunkThenDone()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAICompletions, "requested-model", RequestId)!;

        var events = SseParse.Events(assembler.BuildInputRefusal());

        Assert.Equal(2, events.Count);
        var chunk = events[0].Json!.Value;
        Assert.Equal("cmpl-" + RequestId, SseParse.Str(chunk, "id"));
        Assert.Equal("text_completion", SseParse.Str(chunk, "object"));
        var choice = Assert.Single(chunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(string.Empty, SseParse.Str(choice, "text"));
        Assert.Equal("content_filter", SseParse.Str(choice, "finish_reason"));
        Assert.Equal("[DONE]", events[1].Data);
    }

    [Fact]
    public void ResponsesInputRefusal_CreatedThenIncompleteContentFilter()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIResponses, "requested-model", RequestId)!;

        var events = SseParse.Events(assembler.BuildInputRefusal());

        Assert.Equal(["response.created", "response.incomplete"], events.Select(e => e.EventType));
        Assert.Equal([0, 1], events.Select(e => e.Json!.Value.GetProperty("sequence_number").GetInt32()));
        var created = events[0].Json!.Value.GetProperty("response");
        Assert.Equal("resp_" + RequestId, SseParse.Str(created, "id"));
        Assert.Equal("in_progress", SseParse.Str(created, "status"));
        Assert.True(created.GetProperty("created_at").GetInt64() > 1_700_000_000);
        var incomplete = events[1].Json!.Value.GetProperty("response");
        Assert.Equal("incomplete", SseParse.Str(incomplete, "status"));
        Assert.Equal("content_filter", SseParse.Str(incomplete.GetProperty("incomplete_details"), "reason"));
        Assert.Equal("requested-model", SseParse.Str(incomplete, "model"));
    }

    [Fact]
    public void AnthropicInputRefusal_StartThenRefusalWithExplanationThenStop()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.AnthropicMessages, "requested-model", RequestId)!;

        var events = SseParse.Events(assembler.BuildInputRefusal());

        Assert.Equal(["message_start", "message_delta", "message_stop"], events.Select(e => e.EventType));
        var message = events[0].Json!.Value.GetProperty("message");
        Assert.Equal("msg_" + RequestId, SseParse.Str(message, "id"));
        Assert.Equal("requested-model", SseParse.Str(message, "model"));
        Assert.Equal("assistant", SseParse.Str(message, "role"));
        var delta = events[1].Json!.Value.GetProperty("delta");
        Assert.Equal("refusal", SseParse.Str(delta, "stop_reason"));
        Assert.Equal(RefusalText.InputRefused, SseParse.Str(delta.GetProperty("stop_details"), "explanation"));
        Assert.Equal(JsonValueKind.Null, delta.GetProperty("stop_details").GetProperty("category").ValueKind);
    }
}
