using System.Collections.Frozen;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Homoglyphs: letters of other scripts (Cyrillic, Greek, Armenian, IPA and small capitals, stroked Latin) that look
/// like a Latin letter, mapped to that lower-case letter. Table-driven: one row per Latin target, listing its
/// lookalikes as escapes because the glyphs are indistinguishable in source.
/// </summary>
internal static class ConfusableMap
{
    private static readonly FrozenDictionary<char, char> s_map = Build(
    [
        ('a', "\u0430\u0410\u03B1\u0391\u0251\u1D00\u237A"),                    // а А α Α ɑ ᴀ ⍺
        ('b', "\u0432\u0412\u044C\u042C\u03B2\u0392\u0299\u0180"),              // в В ь Ь β Β ʙ ƀ
        ('c', "\u0441\u0421\u03F2\u03F9\u1D04"),                                // с С ϲ Ϲ ᴄ
        ('d', "\u0501\u0500\u1D05\u0111\u0110\u00F0\u00D0"),                    // ԁ Ԁ ᴅ đ Đ ð Ð
        ('e', "\u0435\u0415\u03B5\u0395\u1D07\u04BD\u212E\u025B"),              // е Е ε Ε ᴇ ҽ ℮ ɛ
        ('f', "\uA730"),                                                        // ꜰ
        ('g', "\u0261\u0262\u050D\u050C"),                                      // ɡ ɢ ԍ Ԍ
        ('h', "\u04BB\u04BA\u043D\u041D\u0397\u029C\u0127\u0126\u0570"),        // һ Һ н Н Η ʜ ħ Ħ հ
        ('i', "\u0456\u0406\u03B9\u0399\u0131\u0269\u026A\u04C0"),              // і І ι Ι ı ɩ ɪ Ӏ
        ('j', "\u0458\u0408\u03F3\u0237\u1D0A"),                                // ј Ј ϳ ȷ ᴊ
        ('k', "\u043A\u041A\u03BA\u039A\u1D0B\u0138"),                          // к К κ Κ ᴋ ĸ
        ('l', "\u04CF\u0142\u0141\u029F\u01C0"),                                // ӏ ł Ł ʟ ǀ
        ('m', "\u043C\u041C\u039C\u1D0D"),                                      // м М Μ ᴍ
        ('n', "\u03B7\u039D\u0274\u0578"),                                      // η Ν ɴ ո
        ('o', "\u043E\u041E\u03BF\u039F\u1D0F\u00F8\u00D8\u0585\u0555"),        // о О ο Ο ᴏ ø Ø օ Օ
        ('p', "\u0440\u0420\u03C1\u03A1\u1D18"),                                // р Р ρ Ρ ᴘ
        ('q', "\u051B\u051A\u0566"),                                            // ԛ Ԛ զ
        ('r', "\u0280"),                                                        // ʀ
        ('s', "\u0455\u0405\uA731"),                                            // ѕ Ѕ ꜱ
        ('t', "\u0442\u0422\u03C4\u03A4\u1D1B\u0167\u0166"),                    // т Т τ Τ ᴛ ŧ Ŧ
        ('u', "\u03C5\u057D\u1D1C"),                                            // υ ս ᴜ
        ('v', "\u03BD\u0475\u0474\u1D20"),                                      // ν ѵ Ѵ ᴠ
        ('w', "\u051D\u051C\u03C9\u1D21"),                                      // ԝ Ԝ ω ᴡ
        ('x', "\u0445\u0425\u03C7\u03A7"),                                      // х Х χ Χ
        ('y', "\u0443\u0423\u04AF\u04AE\u03B3\u03A5\u028F"),                    // у У ү Ү γ Υ ʏ
        ('z', "\u0396\u1D22"),                                                  // Ζ ᴢ
    ]);

    public static bool TryMap(char c, out char latin)
    {
        if (c < 0x80)
        {
            latin = '\0';
            return false;
        }

        return s_map.TryGetValue(c, out latin);
    }

    private static FrozenDictionary<char, char> Build((char Latin, string Lookalikes)[] rows)
    {
        var map = new Dictionary<char, char>();
        foreach (var (latin, lookalikes) in rows)
        {
            foreach (var c in lookalikes)
            {
                map.Add(c, latin);
            }
        }

        return map.ToFrozenDictionary();
    }
}
