namespace Guardrail.Filters.Normalization;

/// <summary>
/// Leetspeak and symbol lookalikes (4 for a, $ for s, € for e). Applied only inside words that also contain letters,
/// so numbers, prices and punctuation keep their meaning.
/// </summary>
internal static class LeetMap
{
    public static bool IsSymbol(char c) => c is '@' or '$' or '!' or '|' or '+'
        or '\u20AC' or '\u00A3' or '\u00A2' or '\u00A9' or '\u00AE' or '\u00A5'
        or '\u2202' or '\u2229' or '\u222A' or '\u00D7' or '\u221A' or '\u00A1' or '\u00A7';

    /// <summary>True for every character that has a leet reading (digits 2 and 6 have none).</summary>
    public static bool HasReading(char c) => Read(c, LeetMode.Primary) != '\0';

    public static bool TryMap(char c, LeetMode mode, out char letter)
    {
        letter = mode == LeetMode.Literal ? '\0' : Read(c, mode);
        return letter != '\0';
    }

    /// <summary>True when the two leet readings differ for this character (so an alternate variant is worth adding).</summary>
    public static bool IsAmbiguous(char c) => c is '1' or '|';

    private static char Read(char c, LeetMode mode) => c switch
    {
        '0' => 'o',
        '1' => mode == LeetMode.Alternate ? 'l' : 'i',
        '|' => mode == LeetMode.Alternate ? 'i' : 'l',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' or '\u00A7' => 's',      // § section sign
        '7' or '+' => 't',
        '8' => 'b',
        '9' => 'g',
        '!' or '\u00A1' => 'i',             // ¡
        '\u20AC' => 'e',                    // €
        '\u00A3' => 'l',                    // £
        '\u00A2' or '\u00A9' => 'c',        // ¢ ©
        '\u00AE' => 'r',                    // ®
        '\u00A5' => 'y',                    // ¥
        '\u2202' => 'd',                    // ∂
        '\u2229' => 'n',                    // ∩
        '\u222A' => 'u',                    // ∪
        '\u00D7' => 'x',                    // ×
        '\u221A' => 'v',                    // √
        _ => '\0',
    };
}
