using System.Buffers;

namespace Guardrail.Filters.Normalization;

/// <summary>Runs the folding passes (Unicode clean-up, script folding, composing) over one text.</summary>
internal static class TextFolder
{
    public static FoldedItem Fold(string text, int depth)
    {
        var cleaned = UnicodeCleaner.Clean(text);
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(cleaned.Text.Length, 16));
        try
        {
            var length = ScriptFolder.Fold(cleaned.Text, rented);
            var folded = rented.AsSpan(0, length);
            var canonical = TokenComposer.Compose(folded, LeetMode.Primary, out var stats);
            var literal = stats.Substituted ? TokenComposer.Compose(folded, LeetMode.Literal, out _) : null;
            var alternate = stats.Ambiguous ? TokenComposer.Compose(folded, LeetMode.Alternate, out _) : null;
            return new FoldedItem(depth, cleaned, canonical, literal, alternate);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
