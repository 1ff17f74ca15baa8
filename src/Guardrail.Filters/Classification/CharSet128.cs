namespace Guardrail.Filters.Classification;

/// <summary>
/// A one-sided set of characters by their low seven bits, as two words: <see cref="MayContain"/> is true for every
/// character added (and for others sharing its low seven bits). Asked once per word and prefix group, so it is two
/// shifts and a test rather than the 128-bit arithmetic of <see cref="UInt128"/>.
/// </summary>
internal struct CharSet128
{
    private ulong _low;
    private ulong _high;

    public void Add(char c)
    {
        var bit = c & 127;
        if (bit < 64)
        {
            _low |= 1UL << bit;
        }
        else
        {
            _high |= 1UL << (bit - 64);
        }
    }

    public readonly bool MayContain(char c)
    {
        var bit = c & 127;
        return ((bit < 64 ? _low : _high) & (1UL << (bit & 63))) != 0;
    }
}
