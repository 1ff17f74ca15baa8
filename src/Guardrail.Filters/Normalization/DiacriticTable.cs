using System.Text;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Maps precomposed letters with diacritics (à, ñ, ά, ё) to their base letter. NFKC re-composes accents, so after it
/// the accents are inside single code points; this table, derived once from the canonical decompositions, strips them
/// without a second full-string normalisation pass.
/// </summary>
internal static class DiacriticTable
{
    private const char First = '\u00C0';
    private const char End = '\u2000';

    private static readonly char[] s_baseLetters = Build();

    public static bool TryGetBase(char c, out char baseLetter)
    {
        if (c is >= First and < End)
        {
            baseLetter = s_baseLetters[c - First];
            return baseLetter != '\0';
        }

        baseLetter = '\0';
        return false;
    }

    private static char[] Build()
    {
        var table = new char[End - First];
        // Latin-1 supplement and Latin extended A/B, Greek and Cyrillic, Latin extended additional and Greek extended.
        AddRange(table, '\u00C0', '\u0250');
        AddRange(table, '\u0370', '\u0530');
        AddRange(table, '\u1E00', End);
        return table;
    }

    private static void AddRange(char[] table, char from, char to)
    {
        for (var c = from; c < to; c++)
        {
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length < 2 || !char.IsLetter(decomposed[0]))
            {
                continue;
            }

            var onlyDiacritics = true;
            for (var i = 1; i < decomposed.Length; i++)
            {
                onlyDiacritics &= CombiningMarks.IsStrippable(decomposed[i]);
            }

            if (onlyDiacritics)
            {
                table[c - First] = decomposed[0];
            }
        }
    }
}
