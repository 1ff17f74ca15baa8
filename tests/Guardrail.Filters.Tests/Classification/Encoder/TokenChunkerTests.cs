using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Filters.Tests.Classification.Encoder;

public sealed class TokenChunkerTests
{
    [Fact]
    public void ShortText_OneWindow()
    {
        Assert.Equal([(0, 10)], TokenChunker.Chunk(10, 126, 32));
    }

    [Fact]
    public void Empty_NoWindow()
    {
        Assert.Empty(TokenChunker.Chunk(0, 126, 32));
    }

    [Theory]
    [InlineData(300, 126, 32)]
    [InlineData(127, 126, 32)]
    [InlineData(1000, 50, 0)]
    [InlineData(999, 10, 9)]
    public void LongText_WindowsCoverEveryTokenWithTheOverlap(int count, int length, int overlap)
    {
        var chunks = TokenChunker.Chunk(count, length, overlap);

        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(count, chunks[^1].End);
        Assert.All(chunks, c => Assert.InRange(c.End - c.Start, 1, length));
        for (var i = 1; i < chunks.Count; i++)
        {
            // Consecutive windows share exactly `overlap` tokens, so a phrase cut by one boundary is whole in the next.
            Assert.Equal(overlap, chunks[i - 1].End - chunks[i].Start);
        }
    }

    [Fact]
    public void AppendedText_KeepsEarlierWindows()
    {
        var before = TokenChunker.Chunk(500, 126, 32);
        var after = TokenChunker.Chunk(800, 126, 32);

        // Every window that ended before the old end is unchanged, so its cached verdict still applies.
        var complete = before.Take(before.Count - 1).ToList();
        Assert.Equal(complete, after.Take(complete.Count));
    }
}
