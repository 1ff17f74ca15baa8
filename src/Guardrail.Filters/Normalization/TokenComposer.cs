using System.Buffers;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Steps 5-7 on folded text: re-joins spaced-out letters, reads leetspeak inside words, collapses whitespace. One
/// linear pass into a pooled buffer; run once per <see cref="LeetMode"/> needed.
/// </summary>
internal static class TokenComposer
{
    public static string Compose(ReadOnlySpan<char> folded, LeetMode mode, out ComposeStats stats)
    {
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(folded.Length, 16));
        try
        {
            // Output never exceeds input: every step maps one character to at most one.
            var output = rented.AsSpan();
            var written = 0;
            var pendingSpace = false;
            var noRunBefore = 0;
            var substituted = false;
            var ambiguous = false;
            var i = 0;
            while (i < folded.Length)
            {
                var c = folded[i];
                if (c == ' ')
                {
                    pendingSpace = written > 0;
                    i++;
                    continue;
                }

                if (pendingSpace)
                {
                    output[written++] = ' ';
                    pendingSpace = false;
                }

                if ((i == 0 || folded[i - 1] == ' ') && PlainWordLength(folded[i..]) is var plain and > 0)
                {
                    folded.Slice(i, plain).CopyTo(output[written..]);
                    written += plain;
                    i += plain;
                    continue;
                }

                if (i >= noRunBefore && SpacedLetterRun.IsUnit(c))
                {
                    if (SpacedLetterRun.TryMatch(folded, i, out var end, out var lastUnit))
                    {
                        for (; i < end; i++)
                        {
                            if (SpacedLetterRun.IsUnit(folded[i]))
                            {
                                output[written++] = Substitute(folded[i], mode, ref substituted, ref ambiguous);
                            }
                        }

                        continue;
                    }

                    noRunBefore = lastUnit;
                }

                if (TextClasses.IsTokenChar(c))
                {
                    var end = i + 1;
                    while (end < folded.Length && TextClasses.IsTokenChar(folded[end]))
                    {
                        end++;
                    }

                    written += FoldToken(folded[i..end], mode, output[written..], ref substituted, ref ambiguous);
                    i = end;
                    continue;
                }

                output[written++] = c;
                i++;
            }

            stats = new ComposeStats(substituted, ambiguous);
            return new string(output[..written]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Length of the word at the start of <paramref name="text"/> when it is plain (two or more a-z letters, perhaps one
    /// closing punctuation mark) and so needs no work: most words of ordinary text. Zero otherwise.
    /// </summary>
    private static int PlainWordLength(ReadOnlySpan<char> text)
    {
        var length = text.IndexOf(' ');
        length = length < 0 ? text.Length : length;
        var firstOther = text[..length].IndexOfAnyExceptInRange('a', 'z');
        if (firstOther < 0)
        {
            return length >= 2 ? length : 0;
        }

        return firstOther >= 2 && firstOther == length - 1 && text[firstOther] is ',' or '.' or ';' or ':' or '?' or '!' or ')' or '"' or '\''
            ? length
            : 0;
    }

    private static int FoldToken(
        ReadOnlySpan<char> token, LeetMode mode, Span<char> output, ref bool substituted, ref bool ambiguous)
    {
        var coreStart = -1;
        var coreEnd = 0;
        var hasLetter = false;
        var hasReading = false;
        for (var k = 0; k < token.Length; k++)
        {
            var c = token[k];
            if (char.IsAsciiLetterLower(c))
            {
                hasLetter = true;
            }
            else
            {
                hasLetter |= char.IsLetter(c);
                hasReading |= LeetMap.HasReading(c);
            }

            if (TextClasses.IsWordChar(c))
            {
                coreStart = coreStart < 0 ? k : coreStart;
                coreEnd = k + 1;
            }
        }

        // Plain words (the common case), pure numbers and symbols ("1995", "$100", "!!") and number-like words
        // ("10mg", "4th") are copied as they are.
        if (mode == LeetMode.Literal || !hasLetter || !hasReading || IsNumberLike(token[coreStart..coreEnd]))
        {
            token.CopyTo(output);
            return token.Length;
        }

        // Leading symbols read as letters ("$arin"); trailing ones are punctuation ("hello!").
        for (var k = 0; k < coreEnd; k++)
        {
            output[k] = Substitute(token[k], mode, ref substituted, ref ambiguous);
        }

        token[coreEnd..].CopyTo(output[coreEnd..]);
        return token.Length;
    }

    private static char Substitute(char c, LeetMode mode, ref bool substituted, ref bool ambiguous)
    {
        if (!LeetMap.TryMap(c, mode, out var letter))
        {
            return c;
        }

        substituted = true;
        ambiguous |= LeetMap.IsAmbiguous(c);
        return letter;
    }

    /// <summary>Digits-then-letters ("10mg", "1st") or letters-then-digits ("covid19"): a quantity or a name, not leet.</summary>
    private static bool IsNumberLike(ReadOnlySpan<char> core)
    {
        var k = 0;
        while (k < core.Length && char.IsAsciiDigit(core[k]))
        {
            k++;
        }

        var leading = k;
        while (k < core.Length && char.IsAsciiLetter(core[k]))
        {
            k++;
        }

        var letters = k - leading;
        var trailingStart = k;
        while (k < core.Length && char.IsAsciiDigit(core[k]))
        {
            k++;
        }

        var trailing = k - trailingStart;
        if (k != core.Length || letters == 0)
        {
            return false;
        }

        return (leading >= 2 && trailing == 0)
            || (leading == 0 && trailing >= 2)
            || (leading == 1 && trailing == 0 && IsOrdinalSuffix(core[1..]));
    }

    private static bool IsOrdinalSuffix(ReadOnlySpan<char> suffix) =>
        suffix is "st" or "nd" or "rd" or "th";
}
