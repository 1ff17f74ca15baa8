namespace Guardrail.Filters.Normalization;

/// <summary>
/// Finds words written one character at a time ("s a r i n", "s.a.r.i.n", "s-a-r-i-n", "s. a. r. i. n."): at least three
/// single letters or digits, each followed by the same one-character separator (optionally with one space after it,
/// or spaces around it). Two spaces end the run, so "n e r v e  a g e n t" reads as two words.
/// </summary>
internal static class SpacedLetterRun
{
    private const int MinUnits = 3;

    // Digits may stand for letters ("s 4 r 1 n"), but a run needs real letters so "1 2 3" stays a list of numbers.
    private const int MinLetters = 2;

    public static bool IsUnit(char c) => char.IsLetter(c) || char.IsAsciiDigit(c);

    /// <summary>
    /// Matches a run starting at <paramref name="start"/>, which must not follow a word character. <paramref name="end"/>
    /// is just past the last unit. <paramref name="lastUnit"/> is where the last unit stood, even when the run was too
    /// short: no run can start before it, which keeps the caller linear.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int start, out int end, out int lastUnit)
    {
        var units = 0;
        var letters = 0;
        var position = start;
        var separator = ReadOnlySpan<char>.Empty;
        lastUnit = start;
        while (IsSingleUnitAt(text, position))
        {
            units++;
            if (char.IsLetter(text[position]))
            {
                letters++;
            }

            lastUnit = position;
            var separatorLength = SeparatorLength(text, position + 1);
            if (separatorLength == 0)
            {
                break;
            }

            var current = text.Slice(position + 1, separatorLength);
            if ((units > 1 && !current.SequenceEqual(separator)) || !IsSingleUnitAt(text, position + 1 + separatorLength))
            {
                break;
            }

            separator = current;
            position += 1 + separatorLength;
        }

        end = lastUnit + 1;
        return units >= MinUnits && letters >= MinLetters;
    }

    private static bool IsSingleUnitAt(ReadOnlySpan<char> text, int position) =>
        position < text.Length
        && IsUnit(text[position])
        && (position + 1 == text.Length || !TextClasses.IsWordChar(text[position + 1]));

    private static int SeparatorLength(ReadOnlySpan<char> text, int position)
    {
        if (position >= text.Length)
        {
            return 0;
        }

        var c = text[position];
        if (c == ' ')
        {
            return position + 2 < text.Length && IsPunctuationSeparator(text[position + 1]) && text[position + 2] == ' '
                ? 3
                : 1;
        }

        if (!IsPunctuationSeparator(c))
        {
            return 0;
        }

        return position + 1 < text.Length && text[position + 1] == ' ' ? 2 : 1;
    }

    private static bool IsPunctuationSeparator(char c) => c is '.' or '-' or '_' or '*' or '/' or '\\' or '|' or ','
        or '~' or '+' or ':' or '\u00B7' or '\u2022' or '\u2027' or '\u2219' or '\u22C5';
}
