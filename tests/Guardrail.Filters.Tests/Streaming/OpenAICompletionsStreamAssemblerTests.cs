using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class OpenAICompletionsStreamAssemblerTests
{
    private const string Adapter = StreamAssemblerFactory.OpenAICompletions;

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
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":"a","index":0},{"text":"b","index":1,"finish_reason":"length"}]}""" + "\n\n");

        var deltas = result.Deltas.ToArray();
        Assert.Equal([(0, "a"), (1, "b")], deltas.Select(d => (d.Index, d.Text.ToString())));
        Assert.All(deltas, d => Assert.Equal(StreamDeltaKind.Text, d.Kind));
        Assert.True(result.IsTerminal);
        Assert.Equal("length", result.FinishReason);
    }

    [Fact]
    public void ErrorChunk_UpstreamError()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"error":{"message":"overloaded","type":"server_error","code":"overloaded"}}""" + "\n\n");

        Assert.True(result.IsUpstreamError);
        Assert.Equal("overloaded", result.UpstreamErrorCode);
    }

    [Fact]
    public void MalformedJson_ErrorValue()
    {
        var assembler = StreamAssemblerFactory.Create(Adapter)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"text":"a" """ + "\n\n");

        Assert.True(result.IsMalformed);
        Assert.True(result.Deltas.IsEmpty);
    }
}
