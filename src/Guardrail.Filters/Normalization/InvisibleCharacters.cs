namespace Guardrail.Filters.Normalization;

/// <summary>
/// Code points that render as nothing (zero-width, bidi controls, variation selectors, fillers) and are used to split
/// words so a keyword no longer matches while the model still reads it. They carry no meaning for screening.
/// </summary>
internal static class InvisibleCharacters
{
    public static bool IsInvisible(int codePoint) => codePoint switch
    {
        0x00AD => true,                     // soft hyphen
        0x034F => true,                     // combining grapheme joiner
        0x061C => true,                     // Arabic letter mark (bidi)
        0x115F or 0x1160 => true,           // Hangul choseong / jungseong fillers
        0x17B4 or 0x17B5 => true,           // Khmer inherent vowels (render empty)
        >= 0x180B and <= 0x180F => true,    // Mongolian free variation selectors, vowel separator
        >= 0x200B and <= 0x200F => true,    // ZWSP, ZWNJ, ZWJ, LRM, RLM
        >= 0x202A and <= 0x202E => true,    // bidi embeddings and overrides
        >= 0x2060 and <= 0x206F => true,    // word joiner, invisible operators, bidi isolates, deprecated format chars
        0x3164 or 0xFFA0 => true,           // Hangul fillers
        >= 0xFE00 and <= 0xFE0F => true,    // variation selectors
        0xFEFF => true,                     // zero-width no-break space / BOM
        >= 0xFFF9 and <= 0xFFFB => true,    // interlinear annotation controls
        >= 0x1D173 and <= 0x1D17A => true,  // musical symbol format controls
        >= 0xE0000 and <= 0xE0FFF => true,  // tags and variation selectors supplement (tags are decoded before this check)
        _ => false,
    };
}
