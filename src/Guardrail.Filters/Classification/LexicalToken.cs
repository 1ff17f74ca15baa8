namespace Guardrail.Filters.Classification;

/// <summary>One word of a normalised text: a run of letters or digits, located by offset, plus its sentence number.</summary>
/// <param name="Start">Offset of the first character in the text.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Sentence">Sentence (clause) counter; phrases and intents never bind across a change of it.</param>
internal readonly record struct LexicalToken(int Start, int Length, int Sentence);
