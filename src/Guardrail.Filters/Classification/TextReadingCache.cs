namespace Guardrail.Filters.Classification;

/// <summary>
/// Per policy and screen: the <see cref="TextReading"/> of texts that come back verbatim — system prompts, the earlier
/// turns a chat client sends again with every request, the sweep's keys and values, an upstream's fixed response
/// headers — so that a text already read in full is not normalised and scored again.
/// </summary>
/// <remarks>
/// <para>Same verdicts: normalisation and the lexical tier are pure functions of the text and the policy (the cache
/// belongs to one immutable <c>GuardPolicy</c> instance and one screen, whose host-registered stages it never serves:
/// the screen uses it only when no such stage exists). Only texts none of whose readings escalated are kept, so a
/// cached text's whole contribution to a screen is raising the lexical totals by its scores and setting its
/// topic and intent flags (each OR-ed over the readings, as the screen sets them), which the screen replays from the entry; maxima combine in any order, and every
/// reading's table lists the lexicon's categories in the same order, so the totals are identical.</para>
/// <para>Bounded: a text is kept only the second time it is seen (a hash stamp remembers the first), so fresh texts
/// do not churn out recurring ones; texts longer than <see cref="MaxChars"/> are not kept; the table is direct-mapped
/// (<see cref="Slots"/> entries, a newer text replaces an older one in its slot). Lock-free: entries are immutable and
/// published by reference; a racing reader sees either entry, and every hit is confirmed by comparing the whole text.</para>
/// </remarks>
internal sealed class TextReadingCache
{
    /// <summary>Entries kept at most.</summary>
    public const int Slots = 512;

    /// <summary>First-sighting stamps (hashes) remembered at most.</summary>
    public const int SeenSlots = 4096;

    /// <summary>Longest text kept, in characters: with its canonical form, at most ~8 MB for the whole table.</summary>
    public const int MaxChars = 4096;

    private readonly Entry?[] _entries = new Entry?[Slots];
    private readonly int[] _seen = new int[SeenSlots];
    private readonly bool _admitFirstSighting;

    public TextReadingCache()
        : this(admitFirstSighting: false)
    {
    }

    /// <summary>A cache that keeps a text the first time it is read (tests: every second screen of a text is a hit).</summary>
    internal TextReadingCache(bool admitFirstSighting) => _admitFirstSighting = admitFirstSighting;

    /// <summary>
    /// The reading of <paramref name="text"/> if kept; otherwise null, and <paramref name="learn"/> says whether the
    /// screen should keep this text's reading (<see cref="Add"/>) once it has read it.
    /// </summary>
    public TextReading? Find(string text, out bool learn, out int hash)
    {
        learn = false;
        hash = 0;
        if (text.Length > MaxChars)
        {
            return null;
        }

        hash = string.GetHashCode(text);
        var entry = Volatile.Read(ref _entries[(uint)hash % Slots]);
        if (entry is not null && entry.Hash == hash && string.Equals(entry.Text, text, StringComparison.Ordinal))
        {
            return entry.Reading;
        }

        // Second sighting: the stamp of the first is in place (a stamp of 0 is never taken as one, and a collision
        // only means a text is kept one sighting early).
        ref var stamp = ref _seen[(uint)Mix(hash) % SeenSlots];
        var stamped = hash == 0 ? 1 : hash;
        learn = _admitFirstSighting || Volatile.Read(ref stamp) == stamped;
        Volatile.Write(ref stamp, stamped);
        return null;
    }

    /// <summary>Keeps <paramref name="reading"/> for <paramref name="text"/> (its <paramref name="hash"/> from <see cref="Find"/>).</summary>
    public void Add(string text, int hash, TextReading reading)
        => Volatile.Write(ref _entries[(uint)hash % Slots], new Entry(text, hash, reading));

    // Another slot index than the entries' for the same hash, so the two tables do not collide in step.
    private static int Mix(int hash) => (int)((uint)hash * 0x9E3779B1u >> 7);

    private sealed record Entry(string Text, int Hash, TextReading Reading);
}
