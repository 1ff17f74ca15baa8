namespace Guardrail.Filters.Classification;

/// <summary>A consuming lexicon phrase found in a text, covering tokens [<see cref="Start"/>, <see cref="End"/>).</summary>
internal readonly record struct LexicalMatch(LexiconPhrase Phrase, LexiconGroup Group, int Start, int End, int Sentence)
{
    public LexiconTermKind Kind => Group.Kind;

    /// <summary>Words strictly between this match and <paramref name="other"/> (0 when adjacent).</summary>
    public int DistanceTo(in LexicalMatch other) => other.Start >= End ? other.Start - End : Start - other.End;
}
