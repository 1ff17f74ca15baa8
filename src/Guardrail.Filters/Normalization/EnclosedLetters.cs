namespace Guardrail.Filters.Normalization;

/// <summary>
/// Letter-shaped symbols that NFKC does not fold (negative circled and squared letters, regional indicators,
/// parenthesized letters, which NFKC would turn into "(a)"). They are popular for writing words the filter misses.
/// </summary>
internal static class EnclosedLetters
{
    public static bool TryMap(int codePoint, out char letter)
    {
        var offset = codePoint switch
        {
            >= 0x249C and <= 0x24B5 => codePoint - 0x249C,    // parenthesized small a-z
            >= 0x1F130 and <= 0x1F149 => codePoint - 0x1F130,  // squared A-Z
            >= 0x1F150 and <= 0x1F169 => codePoint - 0x1F150,  // negative circled A-Z
            >= 0x1F170 and <= 0x1F189 => codePoint - 0x1F170,  // negative squared A-Z
            >= 0x1F1E6 and <= 0x1F1FF => codePoint - 0x1F1E6,  // regional indicators A-Z
            _ => -1,
        };
        letter = offset < 0 ? '\0' : (char)('a' + offset);
        return offset >= 0;
    }
}
