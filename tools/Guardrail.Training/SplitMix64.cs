namespace Guardrail.Training;

/// <summary>
/// A tiny seeded generator (SplitMix64) with a fixed algorithm, so the corpus and the head's initial weights are the
/// same on every machine and runtime version (<see cref="Random"/> gives no such promise across versions).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)(Next() % (ulong)count);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
