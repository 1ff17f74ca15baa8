using System.Text;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class SseFrameReaderTests
{
    [Fact]
    public void SingleEvent_FieldsParsedAndRawKept()
    {
        var input = "event: update\ndata: {\"a\":1}\nid: 7\nretry: 1000\nunknown: x\n\n";

        var frames = ReadAll(input, out var error);

        var frame = Assert.Single(frames);
        Assert.Equal("update", frame.EventType);
        Assert.Equal("{\"a\":1}", frame.Data);
        Assert.Equal("7", frame.Id);
        Assert.True(frame.HasData);
        Assert.False(frame.IsCommentOnly);
        Assert.Equal(input, frame.Raw);
        Assert.Equal(SseReadError.None, error);
    }

    [Fact]
    public void SeveralDataLines_JoinedWithLineFeedAndOneSpaceRemoved()
    {
        var frames = ReadAll("data: one\ndata:two\ndata:  three\n\n", out _);

        Assert.Equal("one\ntwo\n three", Assert.Single(frames).Data);
    }

    [Fact]
    public void DataFieldsWithoutValue_EmptyLinesJoined()
    {
        var frames = ReadAll("data\ndata:\n\n", out _);

        var frame = Assert.Single(frames);
        Assert.True(frame.HasData);
        Assert.Equal("\n", frame.Data);
    }

    [Fact]
    public void CommentOnlyEvent_IsKeepAliveWithoutData()
    {
        var frames = ReadAll(": ping\n\n:\n\n", out _);

        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.True(f.IsCommentOnly));
        Assert.All(frames, f => Assert.False(f.HasData));
    }

    [Fact]
    public void EventWithoutData_NotCommentAndNoData()
    {
        var frame = Assert.Single(ReadAll("event: x\n\n", out _));

        Assert.False(frame.HasData);
        Assert.False(frame.IsCommentOnly);
        Assert.Equal("x", frame.EventType);
    }

    [Fact]
    public void EmptyEventField_TypeNull()
    {
        Assert.Null(Assert.Single(ReadAll("event:\ndata: a\n\n", out _)).EventType);
    }

    [Fact]
    public void IdContainingNul_Ignored()
    {
        Assert.Null(Assert.Single(ReadAll("id: a\0b\ndata: a\n\n", out _)).Id);
    }

    [Fact]
    public void LastEventFieldWins()
    {
        Assert.Equal("second", Assert.Single(ReadAll("event: first\nevent: second\ndata: a\n\n", out _)).EventType);
    }

    [Fact]
    public void CrAtChunkEndThenLfInNextChunk_OneTerminatorNoExtraFrame()
    {
        using var reader = new SseFrameReader();
        reader.Append("data: x\r\n\r"u8);

        Assert.False(reader.TryRead(out _));

        reader.Append("\ndata: y\r\n\r\n"u8);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal("data: x\r\n\r\n", Encoding.UTF8.GetString(first.Raw.Span));
        Assert.Equal("x", first.GetDataString());
        Assert.True(reader.TryRead(out var second));
        Assert.Equal("y", second.GetDataString());
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void CrOnlyLineEndings_FinalEventDispatchedAtComplete()
    {
        using var reader = new SseFrameReader();
        reader.Append("data: a\rdata: b\r\r"u8);

        Assert.False(reader.TryRead(out _));

        reader.Complete();
        Assert.True(reader.TryRead(out var frame));
        Assert.Equal("a\nb", frame.GetDataString());
        Assert.False(reader.TryRead(out _));
        Assert.Equal(SseReadError.None, reader.Error);
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void MixedLineEndings_AllRecognised()
    {
        var frames = ReadAll("data: a\r\ndata: b\rdata: c\n\r\nevent: e\rdata: d\n\n", out _);

        Assert.Equal(2, frames.Count);
        Assert.Equal("a\nb\nc", frames[0].Data);
        Assert.Equal("e", frames[1].EventType);
        Assert.Equal("d", frames[1].Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void BomSplitAcrossChunks_StrippedFromFieldsKeptInRaw(int split)
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. "event: e\ndata: a\n\n"u8];
        using var reader = new SseFrameReader();

        reader.Append(input.AsSpan(0, split));
        Assert.False(reader.TryRead(out _));
        reader.Append(input.AsSpan(split));

        Assert.True(reader.TryRead(out var frame));
        Assert.Equal("e", frame.EventType);
        Assert.Equal("a", frame.GetDataString());
        Assert.Equal(input, frame.Raw.ToArray());
    }

    [Fact]
    public void BomThenBlankLine_EmptyFrame()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, (byte)'\n', .. "data: a\n\n"u8];

        var frames = ReadAll(input, out _);

        Assert.Equal(2, frames.Count);
        Assert.False(frames[0].HasData);
        Assert.Equal("a", frames[1].Data);
    }

    [Fact]
    public void BomLaterInStream_NotStripped()
    {
        byte[] input = [.. "data: a\n\n"u8, 0xEF, 0xBB, 0xBF, .. "data: b\n\n"u8];

        var frames = ReadAll(input, out _);

        Assert.Equal(2, frames.Count);
        Assert.False(frames[1].HasData); // the field name is "\uFEFFdata", which the spec ignores
    }

    [Fact]
    public void MultiByteUtf8SplitAtEveryByte_DecodedWhole()
    {
        var input = Encoding.UTF8.GetBytes("data: héllo wörld 😀\n\n");

        for (var split = 1; split < input.Length; split++)
        {
            using var reader = new SseFrameReader();
            reader.Append(input.AsSpan(0, split));
            var early = reader.TryRead(out _);
            reader.Append(input.AsSpan(split));

            Assert.False(early);
            Assert.True(reader.TryRead(out var frame));
            Assert.Equal("héllo wörld 😀", frame.GetDataString());
        }
    }

    [Fact]
    public void UpstreamClosesMidEvent_IncompleteReportedNotDispatched()
    {
        using var reader = new SseFrameReader();
        reader.Append("data: a\n\ndata: b"u8);

        Assert.True(reader.TryRead(out var first));
        Assert.Equal("a", first.GetDataString());
        reader.Complete();

        Assert.False(reader.TryRead(out _));
        Assert.Equal(SseReadError.IncompleteEvent, reader.Error);
        Assert.Equal("data: b", Encoding.UTF8.GetString(reader.Pending.Span));
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void UpstreamClosesAfterOneLineTerminator_Incomplete()
    {
        ReadAll("data: a\n", out var error);

        Assert.Equal(SseReadError.IncompleteEvent, error);
    }

    [Fact]
    public void UpstreamClosesOnEventBoundary_CleanEnd()
    {
        var frames = ReadAll("data: a\n\n", out var error);

        Assert.Single(frames);
        Assert.Equal(SseReadError.None, error);
    }

    [Fact]
    public void EmptyStream_CleanEnd()
    {
        Assert.Empty(ReadAll(string.Empty, out var error));
        Assert.Equal(SseReadError.None, error);
    }

    [Fact]
    public void PartialLineGrowsPastCap_EventTooLargeAndStopsBuffering()
    {
        using var reader = new SseFrameReader(maxEventSize: 64);
        reader.Append("data: a\n\n"u8);
        Assert.True(reader.TryRead(out _));

        for (var i = 0; i < 10; i++)
        {
            reader.Append("data: 0123456789"u8);
            _ = reader.TryRead(out _);
        }

        Assert.Equal(SseReadError.EventTooLarge, reader.Error);
        Assert.True(reader.Pending.IsEmpty);
        reader.Append("\n\ndata: b\n\n"u8);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Pending.IsEmpty);
    }

    [Fact]
    public void CompleteEventOverCapInOneChunk_EventTooLarge()
    {
        var input = "data: a\n\ndata: " + new string('x', 100) + "\n\ndata: c\n\n";

        var frames = ReadAll(Encoding.UTF8.GetBytes(input), out var error, maxEventSize: 64);

        Assert.Equal("a", Assert.Single(frames).Data);
        Assert.Equal(SseReadError.EventTooLarge, error);
    }

    [Fact]
    public void EventExactlyAtCap_Accepted()
    {
        var input = "data: " + new string('x', 56) + "\n\n";
        Assert.Equal(64, input.Length);

        var frames = ReadAll(Encoding.UTF8.GetBytes(input), out var error, maxEventSize: 64);

        Assert.Single(frames);
        Assert.Equal(SseReadError.None, error);
    }

    [Fact]
    public void LargeEventWithinCap_ReadAcrossManyChunks()
    {
        var payload = new string('y', 300_000);
        var input = Encoding.UTF8.GetBytes("data: " + payload + "\n\n");
        using var reader = new SseFrameReader();

        for (var i = 0; i < input.Length; i += 1000)
        {
            reader.Append(input.AsSpan(i, Math.Min(1000, input.Length - i)));
            if (i + 1000 < input.Length)
            {
                Assert.False(reader.TryRead(out _));
            }
        }

        Assert.True(reader.TryRead(out var frame));
        Assert.Equal(payload.Length, frame.Data.Length);
    }

    [Fact]
    public void KnownEventNames_SharedStrings()
    {
        using var reader = new SseFrameReader();
        reader.Append("event: message_start\ndata: a\n\n"u8);
        Assert.True(reader.TryRead(out var first));
        var firstType = first.EventType;
        reader.Append("event: message_start\ndata: b\n\n"u8);
        Assert.True(reader.TryRead(out var second));

        Assert.Same(firstType, second.EventType);
    }

    [Fact]
    public void AppendAfterComplete_Throws()
    {
        using var reader = new SseFrameReader();
        reader.Complete();

        Assert.Throws<InvalidOperationException>(() => reader.Append("data: a\n\n"u8));
    }

    [Fact]
    public void SteadyStateStream_FramingAllocatesNothing()
    {
        using var reader = new SseFrameReader();
        var chunk = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hello\"}}\n\n"u8.ToArray();
        Feed(reader, chunk, 200);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(reader, chunk, 2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 events");
    }

    private static void Feed(SseFrameReader reader, byte[] chunk, int events)
    {
        for (var i = 0; i < events; i++)
        {
            // Two appends per event, split mid-line, as a proxy read buffer would.
            reader.Append(chunk.AsSpan(0, 40));
            while (reader.TryRead(out _))
            {
            }

            reader.Append(chunk.AsSpan(40));
            while (reader.TryRead(out var frame))
            {
                Assert.True(frame.HasData);
            }
        }
    }

    private static List<CopiedFrame> ReadAll(string input, out SseReadError error, int maxEventSize = SseFrameReader.DefaultMaxEventSize) =>
        ReadAll(Encoding.UTF8.GetBytes(input), out error, maxEventSize);

    private static List<CopiedFrame> ReadAll(byte[] input, out SseReadError error, int maxEventSize = SseFrameReader.DefaultMaxEventSize)
    {
        var frames = new List<CopiedFrame>();
        using var reader = new SseFrameReader(maxEventSize);
        reader.Append(input);
        reader.Complete();
        while (reader.TryRead(out var frame))
        {
            frames.Add(new CopiedFrame(
                frame.EventType,
                frame.GetDataString(),
                frame.HasData,
                frame.Id,
                frame.IsCommentOnly,
                Encoding.UTF8.GetString(frame.Raw.Span)));
        }

        error = reader.Error;
        return frames;
    }

    private sealed record CopiedFrame(string? EventType, string Data, bool HasData, string? Id, bool IsCommentOnly, string Raw);
}
