using System.Globalization;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Character classes of the lexical tokeniser, shared with the lexicon reader so that terms split exactly as text does.
/// </summary>
/// <remarks>
/// <para>Word characters are letters, digits and combining marks: Devanagari, Bengali and Thai write vowels as marks
/// (Mn, Mc), and a word cut at each of them would never match.</para>
/// <para>Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) have no
/// word boundaries to read, so each character (with its marks) is a token and a term of several characters is a
/// phrase of character tokens. Hangul syllables too: Korean glues particles to nouns ("사린을"), and a term of
/// syllables then matches whatever particle follows. Such a token counts as a fraction of a word in the lexicon's
/// windows (<see cref="DenseWidth"/>), so a window of 12 words stays about 12 words whatever the script.</para>
/// </remarks>
internal static class LexicalScripts
{
    /// <summary>Width of an ordinary word; distances in words are distances in these units divided by it.</summary>
    public const int UnitsPerWord = 4;

    // A Chinese or Japanese word averages about two characters, a Korean one about two syllables; a Thai, Lao, Khmer
    // or Myanmar word about four characters once vowel marks are attached to their consonant.
    private const int IdeographWidth = 2;
    private const int AbugidaWidth = 1;

    /// <summary>Number of UTF-16 units of the word character at <paramref name="i"/> (1, or 2 for a surrogate pair), or 0.</summary>
    public static int WordCharLength(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? 1 : 0;
        }

        if (char.IsHighSurrogate(c))
        {
            if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return 0;
            }

            return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]))) ? 2 : 0;
        }

        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    /// <summary>Whether <paramref name="c"/> is a combining mark (it extends the character before it).</summary>
    public static bool IsMark(char c) => c >= 0x0300 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// The width of the character at <paramref name="i"/> when its script is tokenised per character, or 0 for a
    /// character of a script that separates words (Latin, Cyrillic, Arabic, Devanagari...).
    /// </summary>
    public static int DenseWidth(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (c < 0x0E00)
        {
            return 0;
        }

        if (char.IsHighSurrogate(c))
        {
            // CJK Unified Ideographs extensions B and later (planes 2 and 3).
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && char.ConvertToUtf32(c, text[i + 1]) is >= 0x20000 and <= 0x3FFFF
                ? IdeographWidth
                : 0;
        }

        return c switch
        {
            >= '\u0E00' and <= '\u0EFF' => AbugidaWidth,    // Thai, Lao
            >= '\u1000' and <= '\u109F' => AbugidaWidth,    // Myanmar
            >= '\u1780' and <= '\u17FF' => AbugidaWidth,    // Khmer
            >= '\u1100' and <= '\u11FF' => IdeographWidth,  // Hangul jamo (NFKC composes most into syllables)
            >= '\u3005' and <= '\u3007' => IdeographWidth,  // 々 〆 〇
            >= '\u3040' and <= '\u30FF' => IdeographWidth,  // Hiragana, Katakana (with ー)
            >= '\u31F0' and <= '\u31FF' => IdeographWidth,  // Katakana phonetic extensions
            >= '\u3400' and <= '\u4DBF' => IdeographWidth,  // CJK extension A
            >= '\u4E00' and <= '\u9FFF' => IdeographWidth,  // CJK unified ideographs
            >= '\uAC00' and <= '\uD7AF' => IdeographWidth,  // Hangul syllables
            >= '\uF900' and <= '\uFAFF' => IdeographWidth,  // CJK compatibility ideographs
            _ => 0,
        };
    }

    /// <summary>
    /// Whether <paramref name="c"/> ends a sentence in a script other than Latin: NFKC already maps the full-width
    /// <c>？！；：</c> to ASCII, but not the ideographic full stop, the Arabic question mark and semicolon, the Urdu full
    /// stop, the Devanagari and Bengali danda (Gurmukhi and Nepali write it too), the Myanmar and Khmer full stops
    /// (and the Khmer end of text), or the Ethiopic full stop, semicolon, question mark and paragraph separator.
    /// </summary>
    public static bool IsScriptSentenceEnd(char c) => c is '\u3002' or '\u061F' or '\u061B' or '\u06D4' or '\u0964'
        or '\u0965' or '\u104B' or '\u17D4' or '\u17D5' or '\u1362' or '\u1364' or '\u1367' or '\u1368';

    private static bool IsWordCategory(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;
}
