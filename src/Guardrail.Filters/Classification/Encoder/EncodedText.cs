namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// A text as WordPiece ids without special tokens, with each token's character span in <see cref="Text"/> (the
/// tokenizer's normalised form of the input), so chunks of ids can be mapped back to the text they cover.
/// </summary>
internal sealed record EncodedText(string Text, int[] Ids, int[] Starts, int[] Ends)
{
    public int Count => Ids.Length;

    /// <summary>The text covered by tokens [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public string Slice(int from, int to) => to <= from ? "" : Text[Starts[from]..Ends[to - 1]];
}
