namespace Guardrail.Filters.Classification;

/// <summary>A term while a lexicon is being read: its words, group, where it was defined, and whether it is a generated plural.</summary>
internal sealed record LexiconTermEntry(string[] Words, LexiconGroup Group, bool Generated, int Line, string Path);
