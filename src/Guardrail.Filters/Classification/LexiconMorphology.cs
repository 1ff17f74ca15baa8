namespace Guardrail.Filters.Classification;

/// <summary>
/// Inflection the lexicon's other-language terms are read with, so that a term listed in its dictionary form also
/// matches the forms a sentence puts it in: Russian "оружие" is "оружия" or "оружием" in a request, Greek "άνθρακας" is
/// "άνθρακα", Arabic "فيروس" is "فيروسا", and Arabic and Hebrew glue conjunctions, prepositions and the article to the
/// word ("والسارين", "לייצור"). Terms of Latin script are left exactly as written: English inflects little (plurals
/// are generated elsewhere) and a prefix of an English word is too often another word. Stems are generated for anchors
/// only (the reader's choice): a verb's stem in one language is too often another word of a neighbouring one (Serbian
/// "правити", to make, and Russian "правительство", government).
/// </summary>
/// <remarks>
/// A generated stem is only a default spelling: a term listed explicitly (in any group) takes precedence, and an exact
/// word match beats a stem match of the same length. Stems keep at least <see cref="MinStemLetters"/> letters.
/// </remarks>
internal static class LexiconMorphology
{
    /// <summary>Fewest letters a generated stem keeps.</summary>
    public const int MinStemLetters = 4;

    /// <summary>
    /// The stem spelling (<c>stem*</c>) generated for one prepared term word, or null: for Cyrillic and Greek, the word
    /// without its final vowels (at most two: case and gender endings); for Arabic, Hebrew and the Indic scripts, whose
    /// endings attach to the whole word, the word itself as a prefix.
    /// </summary>
    public static string? Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinStemLetters || word[0] == '*' || word[^1] == '*')
        {
            return null;
        }

        var script = ScriptOf(word);
        if (script == Script.Other)
        {
            return null;
        }

        if (script == Script.Suffixing)
        {
            return word + "*";
        }

        var end = word.Length;
        for (var trimmed = 0; trimmed < 2 && end > MinStemLetters && IsEnding(word[end - 1]); trimmed++)
        {
            end--;
        }

        return word[..end] + "*";
    }

    /// <summary>
    /// How many leading characters of <paramref name="word"/> may be clitics to skip when the word as written matches no
    /// term (Arabic و ف ب ل ك and the article ال, Hebrew ו ה ב ל מ ש כ): the longest such run that leaves at least
    /// three letters, at most <paramref name="max"/>; 0 for other scripts.
    /// </summary>
    public static int CliticLength(ReadOnlySpan<char> word, int max)
    {
        var n = 0;
        while (n < max && word.Length - n > 3 && IsClitic(word[n], word[0]))
        {
            n++;
        }

        return n;
    }

    private static bool IsClitic(char c, char first) => first switch
    {
        >= '\u0600' and <= '\u06FF' => c is '\u0648' or '\u0641' or '\u0628' or '\u0644' or '\u0643' or '\u0627',
        >= '\u0590' and <= '\u05FF' => c is '\u05D5' or '\u05D4' or '\u05D1' or '\u05DC' or '\u05DE' or '\u05E9' or '\u05DB',
        _ => false,
    };

    // Final vowels, soft and hard signs of Cyrillic; final vowels and final sigma of Greek (accents are folded away).
    private static bool IsEnding(char c) => c is 'а' or 'е' or 'ё' or 'и' or 'й' or 'о' or 'у' or 'ы' or 'э' or 'ю' or 'я' or 'ь' or 'ъ'
        or 'і' or 'ї' or 'є'
        or 'α' or 'ε' or 'η' or 'ι' or 'ο' or 'υ' or 'ω' or 'ς';

    private enum Script
    {
        Other,
        Inflecting,
        Suffixing,
    }

    private static Script ScriptOf(string word)
    {
        // Every character of the word must be of one such script: a mixed or Latin word keeps its exact spelling.
        var script = Script.Other;
        foreach (var c in word)
        {
            var s = c switch
            {
                >= '\u0370' and <= '\u03FF' => Script.Inflecting,
                >= '\u0400' and <= '\u04FF' => Script.Inflecting,
                >= '\u0590' and <= '\u05FF' => Script.Suffixing,
                >= '\u0600' and <= '\u06FF' => Script.Suffixing,
                >= '\u0900' and <= '\u0DFF' => Script.Suffixing,
                _ => Script.Other,
            };

            if (s == Script.Other || (script != Script.Other && s != script))
            {
                return Script.Other;
            }

            script = s;
        }

        return script;
    }
}
