namespace Guardrail.Filters.Classification;

/// <summary>
/// Splits normalised text into words (runs of letters, digits and combining marks) without allocating. Everything
/// else separates words; <c>. ? ! ; :</c> and line breaks also end a sentence (a colon too, because jailbreak wrappers
/// put their payload after "question:" or "prompt:"), as do the full stops and question marks of other scripts
/// (<see cref="LexicalScripts.IsScriptSentenceEnd"/>), except a dot after a single Latin-style letter (<c>e. coli</c>)
/// or between digits (<c>3.5</c>), so abbreviated species names and numbers stay in one clause. In scripts written
/// without spaces every character is a token of its own (<see cref="LexicalScripts"/>). Lexicon terms are split by the
/// same rule at load time, so <c>bio-weapon</c> in the lexicon matches <c>bio-weapon</c>, <c>bio weapon</c> and
/// <c>bio_weapon</c>, and <c>沙林</c> matches the two character tokens of <c>沙林</c>.
/// </summary>
internal static class LexicalTokenizer
{
    /// <summary>Upper bound of the number of tokens in a text of <paramref name="length"/> characters.</summary>
    /// <remarks>One per character: in scripts without spaces every character is a token.</remarks>
    public static int MaxTokens(int length) => length + 1;

    /// <summary>Most tokens of a text whose tokens are remembered for the next call on the same thread.</summary>
    private const int MemoTokens = 512;

    // The screen tokenises each folded text twice in a row: the hidden-anchor test reads its words, then the lexical
    // tier scores the same string. The last string tokenised on a thread (by reference: strings are immutable, so the
    // same instance has the same tokens) and its tokens are kept, and the second call copies them.
    [ThreadStatic]
    private static string? t_memoText;

    [ThreadStatic]
    private static LexicalToken[]? t_memoTokens;

    [ThreadStatic]
    private static int t_memoCount;

    /// <summary>
    /// <see cref="Tokenize(ReadOnlySpan{char}, Span{LexicalToken})"/> of a whole string; a second call for the same
    /// string instance on the same thread copies the tokens the first one found instead of reading the text again.
    /// </summary>
    /// <remarks><paramref name="buffer"/> must hold at least <see cref="MaxTokens"/> entries.</remarks>
    public static int Tokenize(string text, Span<LexicalToken> buffer)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ReferenceEquals(text, t_memoText))
        {
            var count = t_memoCount;
            t_memoTokens.AsSpan(0, count).CopyTo(buffer);
            return count;
        }

        var found = Tokenize(text.AsSpan(), buffer);
        if (found <= MemoTokens)
        {
            var memo = t_memoTokens ??= new LexicalToken[MemoTokens];
            buffer[..found].CopyTo(memo);
            t_memoCount = found;
            t_memoText = text;
        }

        return found;
    }

    /// <summary>Writes the tokens of <paramref name="text"/> to <paramref name="buffer"/> and returns how many there are.</summary>
    /// <remarks><paramref name="buffer"/> must hold at least <see cref="MaxTokens"/> entries.</remarks>
    public static int Tokenize(ReadOnlySpan<char> text, Span<LexicalToken> buffer)
    {
        var count = 0;
        var sentence = 0;
        var position = 0;
        var i = 0;
        while (i < text.Length)
        {
            var length = LexicalScripts.WordCharLength(text, i);
            if (length > 0)
            {
                var start = i;
                var width = LexicalScripts.DenseWidth(text, i);
                i += length;
                if (width > 0)
                {
                    // One character of a script without spaces, with the vowel signs and marks that belong to it.
                    while (i < text.Length && LexicalScripts.IsMark(text[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    width = LexicalScripts.UnitsPerWord;
                    while (i < text.Length)
                    {
                        // An ASCII letter or digit is one word character of a spaced script: most text is read here.
                        var c = text[i];
                        if (c < 0x80)
                        {
                            if (!char.IsAsciiLetterOrDigit(c))
                            {
                                break;
                            }

                            i++;
                            continue;
                        }

                        if ((length = LexicalScripts.WordCharLength(text, i)) == 0 || LexicalScripts.DenseWidth(text, i) != 0)
                        {
                            break;
                        }

                        i += length;
                    }
                }

                buffer[count++] = new LexicalToken(start, i - start, sentence, position, width);
                position += width;
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

                // "e. coli", "b. anthracis": a single letter before the dot is an abbreviation (a character of a
                // script without spaces is not: there every character is a token).
                if (previous.Length == 1 && char.IsLetter(text[previous.Start]) && previous.Width == LexicalScripts.UnitsPerWord)
                {
                    return false;
                }

                // "3.5": a dot between digits is a decimal point.
                var digitBefore = char.IsDigit(text[i - 1]);
                var digitAfter = i + 1 < text.Length && char.IsDigit(text[i + 1]);
                return !(digitBefore && digitAfter);
            default:
                return text[i] >= 0x0600 && LexicalScripts.IsScriptSentenceEnd(text[i]);
        }
    }
}
