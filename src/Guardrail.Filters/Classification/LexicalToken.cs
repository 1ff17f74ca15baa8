namespace Guardrail.Filters.Classification;

/// <summary>One word of a normalised text: a run of letters or digits, located by offset, plus its sentence number.</summary>
/// <param name="Start">Offset of the first character in the text.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Sentence">Sentence (clause) counter; phrases and intents never bind across a change of it.</param>
/// <param name="Position">
/// Where the token starts, in <see cref="LexicalScripts.UnitsPerWord"/> units of word distance: a word counts one
/// word, a character of a script written without spaces a fraction of one (<see cref="Width"/>).
/// </param>
/// <param name="Width">The token's share of a word, in the same units.</param>
internal readonly record struct LexicalToken(int Start, int Length, int Sentence, int Position, int Width)
{
    /// <summary>Where the token ends, in units of word distance (<see cref="Position"/> of a following token).</summary>
    public int EndPosition => Position + Width;
}
