using System.Globalization;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Decides which combining marks are diacritics to strip. Only the generic diacritic blocks (plus Cyrillic, Hebrew and
/// Arabic pointing) are stripped: they decorate letters ("sàrín", Zalgo text) without changing the word. Marks of
/// Indic and other abugida scripts are kept, because there they are vowels and removing them would garble the word.
/// </summary>
internal static class CombiningMarks
{
    public static bool IsStrippable(char c)
    {
        if (c < 0x0300)
        {
            return false;
        }

        var inDiacriticBlock = c <= 0x036F
            || c is >= '\u0483' and <= '\u0489'
            || c is >= '\u0591' and <= '\u05C7'
            || c is >= '\u0610' and <= '\u061A'
            || c is >= '\u064B' and <= '\u065F'
            || c == '\u0670'
            || c is >= '\u06D6' and <= '\u06ED'
            || c is >= '\u1AB0' and <= '\u1AFF'
            || c is >= '\u1DC0' and <= '\u1DFF'
            || c is >= '\u20D0' and <= '\u20FF'
            || c is >= '\uFE20' and <= '\uFE2F';
        if (!inDiacriticBlock)
        {
            return false;
        }

        // These blocks also hold a few punctuation and letter code points (Hebrew maqaf, Arabic small waw): keep those.
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark
            or UnicodeCategory.SpacingCombiningMark;
    }
}
