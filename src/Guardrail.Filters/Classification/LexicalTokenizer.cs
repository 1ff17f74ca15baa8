namespace Guardrail.Filters.Classification;

/// <summary>
/// Splits normalised text into words (runs of letters or digits) without allocating. Everything else separates words;
/// <c>. ? ! ; :</c> and line breaks also end a sentence (a colon too, because jailbreak wrappers put their payload
/// after "question:" or "prompt:"), except a dot after a single letter (<c>e. coli</c>) or between digits
/// (<c>3.5</c>), so abbreviated species names and numbers stay in one clause. Lexicon terms are split by the same
/// rule at load time, so <c>bio-weapon</c> in the lexicon matches <c>bio-weapon</c>, <c>bio weapon</c> and <c>bio_weapon</c>.
/// </summary>
internal static class LexicalTokenizer
{
    /// <summary>Upper bound of the number of tokens in a text of <paramref name="length"/> characters.</summary>
    public static int MaxTokens(int length) => (length / 2) + 1;

    /// <summary>Writes the tokens of <paramref name="text"/> to <paramref name="buffer"/> and returns how many there are.</summary>
    /// <remarks><paramref name="buffer"/> must hold at least <see cref="MaxTokens"/> entries.</remarks>
    public static int Tokenize(ReadOnlySpan<char> text, Span<LexicalToken> buffer)
    {
        var count = 0;
        var sentence = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }

                buffer[count++] = new LexicalToken(start, i - start, sentence);
                continue;
            }

            if (EndsSentence(text, i, count > 0 ? buffer[count - 1] : default, count > 0))
            {
                // Consecutive terminators ("?!", "...") open only one new sentence.
                if (count > 0 && buffer[count - 1].Sentence == sentence)
                {
                    sentence++;
                }
            }

            i++;
        }

        return count;
    }

    private static bool EndsSentence(ReadOnlySpan<char> text, int i, LexicalToken previous, bool hasPrevious)
    {
        switch (text[i])
        {
            case '?':
            case '!':
            case ';':
            case ':':
            case '\n':
            case '\r':
                return true;
            case '.':
                if (!hasPrevious || previous.Start + previous.Length != i)
                {
                    return true;
                }

                // "e. coli", "b. anthracis": a single letter before the dot is an abbreviation.
                if (previous.Length == 1 && char.IsLetter(text[previous.Start]))
                {
                    return false;
                }

                // "3.5": a dot between digits is a decimal point.
                var digitBefore = char.IsDigit(text[i - 1]);
                var digitAfter = i + 1 < text.Length && char.IsDigit(text[i + 1]);
                return !(digitBefore && digitAfter);
            default:
                return false;
        }
    }
}
