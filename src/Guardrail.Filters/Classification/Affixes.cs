namespace Guardrail.Filters.Classification;

/// <summary>
/// Word affixes of <see cref="HiddenAnchorIndex"/>, grouped by length so a word is tested with one span-keyed lookup
/// per distinct affix length instead of one comparison per affix.
/// </summary>
internal sealed class Affixes
{
    private readonly List<Entry> _byLength = [];

    public void Add(string affix, bool strictlyLonger)
    {
        if (affix.Length == 0)
        {
            return;
        }

        var entry = _byLength.Find(e => e.Length == affix.Length && e.StrictlyLonger == strictlyLonger);
        if (entry is null)
        {
            entry = new Entry(affix.Length, strictlyLonger);
            _byLength.Add(entry);
        }

        entry.Set.Add(affix);
    }

    public bool MatchesStart(ReadOnlySpan<char> word)
    {
        foreach (var e in _byLength)
        {
            if (e.Fits(word.Length) && e.Lookup.Contains(word[..e.Length]))
            {
                return true;
            }
        }

        return false;
    }

    public bool MatchesEnd(ReadOnlySpan<char> word)
    {
        foreach (var e in _byLength)
        {
            if (e.Fits(word.Length) && e.Lookup.Contains(word[^e.Length..]))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Entry
    {
        public Entry(int length, bool strictlyLonger)
        {
            Length = length;
            StrictlyLonger = strictlyLonger;
            Lookup = Set.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public int Length { get; }

        public bool StrictlyLonger { get; }

        public HashSet<string> Set { get; } = new(StringComparer.Ordinal);

        public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        public bool Fits(int wordLength) => StrictlyLonger ? wordLength > Length : wordLength >= Length;
    }
}
