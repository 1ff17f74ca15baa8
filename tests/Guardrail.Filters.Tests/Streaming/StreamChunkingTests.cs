using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// Every API's recorded-style stream, in every line-ending style, fed whole, split in two at every byte offset,
/// one byte at a time and in random chunkings: the frames, raw bytes and reassembled text must never change.
/// </summary>
public sealed class StreamChunkingTests
{
    public static TheoryData<string, string, bool> Variants()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var adapter in StreamFixtures.Adapters)
        {
            data.Add(adapter, "LF", false);
            data.Add(adapter, "CRLF", false);
            data.Add(adapter, "CR", false);
            data.Add(adapter, "CRLF", true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void WholeStream_ReassemblesExpectedContentAndBytes(string adapter, string lineEnding, bool bom)
    {
        var input = StreamFixtures.Bytes(adapter, Eol(lineEnding), bom);

        var transcript = StreamTranscript.Run(input, StreamTranscript.Whole(input), adapter);

        Assert.Equal(input, transcript.Raw);
        Assert.Equal(SseReadError.None, transcript.ReaderError);
        Assert.Empty(transcript.Errors);
        Assert.Equal(0, transcript.UpstreamErrors);
        Assert.Equal(StreamFixtures.ExpectedText, transcript.Text.ToString());
        var hasExtras = adapter != TestAssemblers.OpenAICompletions;
        Assert.Equal(hasExtras ? StreamFixtures.ExpectedReasoning : string.Empty, transcript.Reasoning.ToString());
        Assert.Equal(hasExtras ? StreamFixtures.ExpectedToolArguments : string.Empty, transcript.ToolArguments.ToString());
        Assert.True(transcript.TerminalEvents >= 1);
        Assert.NotNull(transcript.Id);
        Assert.NotNull(transcript.Model);

        // One frame per blank-line-terminated block of the fixture text, keep-alives included.
        var blocks = StreamFixtures.Get(adapter).ReplaceLineEndings("\n").Split("\n\n").Length;
        Assert.Equal(blocks, transcript.Events.Count);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void SplitAtEveryOffset_SameTranscript(string adapter, string lineEnding, bool bom)
    {
        var input = StreamFixtures.Bytes(adapter, Eol(lineEnding), bom);
        var expected = StreamTranscript.Run(input, StreamTranscript.Whole(input), adapter);

        for (var offset = 1; offset < input.Length; offset++)
        {
            var actual = StreamTranscript.Run(input, StreamTranscript.SplitAt(input, offset), adapter);
            AssertSame(expected, actual, $"split at {offset}");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void OneByteAtATime_SameTranscript(string adapter, string lineEnding, bool bom)
    {
        var input = StreamFixtures.Bytes(adapter, Eol(lineEnding), bom);
        var expected = StreamTranscript.Run(input, StreamTranscript.Whole(input), adapter);

        var actual = StreamTranscript.Run(input, StreamTranscript.Bytewise(input), adapter);

        AssertSame(expected, actual, "bytewise");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void RandomChunkings_SameTranscript(string adapter, string lineEnding, bool bom)
    {
        var input = StreamFixtures.Bytes(adapter, Eol(lineEnding), bom);
        var expected = StreamTranscript.Run(input, StreamTranscript.Whole(input), adapter);

        for (var seed = 0; seed < 50; seed++)
        {
            var maxChunk = seed % 2 == 0 ? 7 : 300;
            var actual = StreamTranscript.Run(input, StreamTranscript.Random(input, seed, maxChunk), adapter);
            AssertSame(expected, actual, $"seed {seed}");
        }
    }

    private static string Eol(string name) => name switch
    {
        "LF" => "\n",
        "CRLF" => "\r\n",
        "CR" => "\r",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void AssertSame(StreamTranscript expected, StreamTranscript actual, string chunking)
    {
        Assert.True(expected.Events.SequenceEqual(actual.Events), $"events differ ({chunking})");
        Assert.True(expected.Raw.SequenceEqual(actual.Raw), $"raw bytes differ ({chunking})");
        Assert.Equal(expected.Text.ToString(), actual.Text.ToString());
        Assert.Equal(expected.Reasoning.ToString(), actual.Reasoning.ToString());
        Assert.Equal(expected.ToolArguments.ToString(), actual.ToolArguments.ToString());
        Assert.Equal(expected.ReaderError, actual.ReaderError);
    }
}
