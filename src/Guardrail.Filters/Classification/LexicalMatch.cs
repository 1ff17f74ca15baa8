namespace Guardrail.Filters.Classification;

/// <summary>A consuming lexicon phrase found in a text, covering tokens [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <param name="Phrase">The phrase matched.</param>
/// <param name="Group">Its group.</param>
/// <param name="Start">First token covered.</param>
/// <param name="End">One past the last token covered.</param>
/// <param name="Sentence">Sentence of the first token.</param>
/// <param name="From">Position of the first token, in <see cref="LexicalScripts.UnitsPerWord"/> units (<see cref="LexicalToken.Position"/>).</param>
/// <param name="To">End position of the last token, in the same units.</param>
internal readonly record struct LexicalMatch(LexiconPhrase Phrase, LexiconGroup Group, int Start, int End, int Sentence, int From, int To)
{
    public LexiconTermKind Kind => Group.Kind;

    /// <summary>
    /// Words strictly between this match and <paramref name="other"/> (0 when adjacent). Character tokens of scripts
    /// without spaces count as a fraction of a word; between ordinary words this is the number of tokens.
    /// </summary>
    public int DistanceTo(in LexicalMatch other) => (other.Start >= End ? other.From - To : From - other.To) / LexicalScripts.UnitsPerWord;
}
