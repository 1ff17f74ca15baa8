namespace Guardrail.Filters.Classification;

/// <summary>
/// A one-sided test in front of a word set: <see cref="MayContain"/> is true for every word added and, for other
/// words, only when their signature (length, first and last character) collides with an added word's, which for a
/// few hundred lexicon words and ordinary text is rare. Lets <see cref="HiddenAnchorIndex"/> skip most hash lookups
/// without changing any answer.
/// </summary>
internal sealed class WordFilter
{
    private const int Bits = 1 << 16;
    private readonly ulong[] _bits = new ulong[Bits / 64];

    public void Add(ReadOnlySpan<char> word)
    {
        var i = Signature(word);
        _bits[i >> 6] |= 1UL << (i & 63);
    }

    public bool MayContain(ReadOnlySpan<char> word)
    {
        var i = Signature(word);
        return (_bits[i >> 6] & (1UL << (i & 63))) != 0;
    }

    private static int Signature(ReadOnlySpan<char> word) =>
        word.IsEmpty ? 0 : (int)(((uint)word.Length * 40503u) ^ ((uint)word[0] * 2654435761u) ^ ((uint)word[^1] * 97u)) & (Bits - 1);
}
