using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class OpenAICompletionsStreamAssemblerTests
{
    private const string Adapter = TestAssemblers.OpenAICompletions;

    [Theory]
    [InlineData(true, "content_filter")]
    [InlineData(false, "length")]
    public void Stop_FinalChunkWithEmptyTextThenDone(bool contentFilter, string reason)
    {
        var assembler = SseParse.Feed(Adapter, StreamFixtures.PrefixBefore(Adapter, "wörld"));

        var events = SseParse.Events(contentFilter ? assembler.BuildContentFilterHalt() : assembler.BuildLengthStop());

        Assert.Equal(2, events.Count);
        var chunk = events[0].Json!.Value;
        Assert.Equal("cmpl-8Zk2", SseParse.Str(chunk, "id"));
        Assert.Equal("text_completion", SseParse.Str(chunk, "object"));
        Assert.Equal(1717000001, chunk.GetProperty("created").GetInt64());
        Assert.Equal("gpt-3.5-turbo-instruct", SseParse.Str(chunk, "model"));
        var choice = Assert.Single(chunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(string.Empty, SseParse.Str(choice, "text"));
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(reason, SseParse.Str(choice, "finish_reason"));
        Assert.Equal("[DONE]", events[1].Data);
    }

    [Fact]
    public void TextOfSeveralChoices_Indexed()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":"a","index":0},{"text":"b","index":1,"finish_reason":"length"}]}""" + "\n\n");

        var deltas = result.Generated().ToArray();
        Assert.Equal([(0, "a"), (1, "b")], deltas.Select(d => (d.Index, d.Text.ToString())));
        Assert.All(deltas, d => Assert.Equal(StreamDeltaKind.Text, d.Kind));
        Assert.True(result.IsTerminal);
        Assert.Equal("length", result.FinishReason);
    }

    [Fact]
    public void ErrorChunk_UpstreamError()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"error":{"message":"overloaded","type":"server_error","code":"overloaded"}}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.Equal("overloaded", result.UpstreamErrorCode);
    }

    [Fact]
    public void MalformedJson_ErrorValue()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":"a" """ + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void TextAsArrayOfParts_EachPartsTextReported()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":[{"type":"text","text":"ab"},"cd"],"index":1}]}""" + "\n\n");

        Assert.Null(result.Error);
        Assert.Equal([(1, "ab"), (1, "cd")], result.Generated().ToArray().Select(d => (d.Index, d.Text.ToString())));
        Assert.All(result.Generated().ToArray(), d => Assert.Equal(StreamDeltaKind.Text, d.Kind));
    }

    [Fact]
    public void NullText_NeitherTextNorMalformed()
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":null,"index":0}]}""" + "\n\n");

        Assert.False(result.IsMalformed);
        Assert.True(result.Generated().IsEmpty);
    }

    [Theory]
    [InlineData("5", "choices[].text")]
    [InlineData("false", "choices[].text")]
    [InlineData("""{"tokens":[1,2]}""", "choices[].text")]
    [InlineData("""[{"type":"text","text":9}]""", "choices[].text[].text")]
    public void TextOfAnotherType_MalformedNamingThePath(string text, string path)
    {
        var assembler = TestAssemblers.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"text\":\"ok\",\"index\":0},{\"text\":" + text + ",\"index\":1}]}\n\n");

        Assert.True(result.IsMalformed);
        Assert.Contains("'" + path + "'", result.Error, StringComparison.Ordinal);
        Assert.True(result.Generated().IsEmpty);
    }

    [Fact]
    public void HeldFinishReason_HaltStillStopsThatChoiceAndNotUnseenOnes()
    {
        var assembler = TestAssemblers.Create(Adapter)!;
        SseParse.ProcessData(assembler, """{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"a","index":0},{"text":"b","index":1}]}""");
        assembler.Commit();
        SseParse.ProcessData(assembler, """{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"","index":0,"finish_reason":"stop"},{"text":"c","index":2}]}""");

        var events = SseParse.Events(assembler.BuildContentFilterHalt());

        var choices = events[0].Json!.Value.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c => Assert.Equal("content_filter", SseParse.Str(c, "finish_reason")));
        Assert.False(assembler.HasTerminatedCommitted);
        Assert.True(assembler.HasTerminated);
    }
}
