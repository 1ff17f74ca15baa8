namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Splits a token sequence longer than the model's window into windows of <c>length</c> tokens that overlap by
/// <c>overlap</c> tokens, so a phrase cut by one boundary is whole in the next window. Windows start at fixed
/// positions from the beginning, so appending text (a new turn) leaves the earlier windows, and their cached
/// verdicts, unchanged.
/// </summary>
internal static class TokenChunker
{
    /// <summary>The [start, end) token ranges covering <paramref name="count"/> tokens.</summary>
    public static List<(int Start, int End)> Chunk(int count, int length, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, length);
        var chunks = new List<(int, int)>(Math.Max(1, count / (length - overlap)));
        if (count == 0)
        {
            return chunks;
        }

        var start = 0;
        while (true)
        {
            var end = Math.Min(start + length, count);
            chunks.Add((start, end));
            if (end == count)
            {
                return chunks;
            }

            start = end - overlap;
        }
    }
}
