using System.Globalization;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Character classes shared by the composing passes (on already folded, lower-case text). ASCII, by far the most
/// common input, is answered from a table.
/// </summary>
internal static class TextClasses
{
    private const byte WordFlag = 1;
    private const byte SymbolFlag = 2;

    private static readonly byte[] s_ascii = BuildAsciiTable();

    /// <summary>Letters, digits and combining marks: the body of a word (marks included so Indic words stay whole).</summary>
    public static bool IsWordChar(char c) =>
        c < 0x80 ? (s_ascii[c] & WordFlag) != 0 : char.IsLetterOrDigit(c) || (c >= 0x0300 && IsMark(c));

    /// <summary>A word character or a leet symbol: the extent of one token for leetspeak folding.</summary>
    public static bool IsTokenChar(char c) =>
        c < 0x80 ? s_ascii[c] != 0 : char.IsLetterOrDigit(c) || LeetMap.IsSymbol(c) || (c >= 0x0300 && IsMark(c));

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    private static byte[] BuildAsciiTable()
    {
        var table = new byte[0x80];
        for (var c = '\0'; c < 0x80; c++)
        {
            table[c] = char.IsAsciiLetterOrDigit(c) ? WordFlag : LeetMap.IsSymbol(c) ? SymbolFlag : (byte)0;
        }

        return table;
    }
}
