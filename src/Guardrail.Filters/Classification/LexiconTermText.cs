using System.Text;
using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Prepares a lexicon term for splitting into words: the same folding as the text it will be matched against, so a
/// term always matches what the normaliser makes of the same word (NFKC, marks stripped where the normaliser strips
/// them, lookalike folding, lower case), and a space around every character of a script written without spaces, so
/// the term splits into the same character tokens as <see cref="LexicalTokenizer"/> makes of the text.
/// </summary>
internal static class LexiconTermText
{
    /// <summary>CYRILLIC LETTER MULTIOCULAR O: a letter of no living word and without a Latin lookalike.</summary>
    private const char StemPlaceholder = '\uA66E';

    /// <summary>The text of <paramref name="term"/> ready for splitting; an ASCII term is only lower-cased, as it always was.</summary>
    public static string Prepare(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (Ascii.IsValid(term))
        {
            return term.ToLowerInvariant();
        }

        // A stem ("атомн*") is folded as the inflected words it stands for: those hold letters without a Latin twin
        // ("атомная"), so the normaliser leaves them in their script, and the stem must stay there too even when each
        // of its own letters has a lookalike. The placeholder is such a letter, and never occurs in text.
        var folded = TextFolder.Fold(term.Replace('*', StemPlaceholder), depth: 0).Canonical.Replace(StemPlaceholder, '*');
        var text = folded.AsSpan();
        var builder = new StringBuilder(folded.Length * 2);
        var i = 0;
        while (i < text.Length)
        {
            var length = LexicalScripts.WordCharLength(text, i);
            if (length == 0 || LexicalScripts.DenseWidth(text, i) == 0)
            {
                builder.Append(text[i]);
                i++;
                continue;
            }

            var start = i;
            i += length;
            while (i < text.Length && LexicalScripts.IsMark(text[i]))
            {
                i++;
            }

            builder.Append(' ').Append(text[start..i]).Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The other reading of a stem (<c>атомн*</c>) whose letters all have Latin lookalikes, or null. The normaliser folds
    /// a word made only of lookalikes to Latin ("урану" becomes "ypahy") and leaves a word with any other letter in its
    /// script ("урана" stays), so the inflections of such a stem fall on both sides, and the stem needs both readings.
    /// </summary>
    public static string? LookalikeStem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < 2 || !word.EndsWith('*') || Ascii.IsValid(word))
        {
            return null;
        }

        var stem = word[..^1];
        var folded = TextFolder.Fold(stem, depth: 0).Canonical;
        return folded.Length > 0 && !string.Equals(folded, stem, StringComparison.Ordinal) && Ascii.IsValid(folded) ? folded + "*" : null;
    }

    /// <summary>Whether the character at <paramref name="i"/> of a prepared term belongs to a word (as in <see cref="LexicalTokenizer"/>).</summary>
    public static bool IsWordChar(string text, int i) => LexicalScripts.WordCharLength(text, i) > 0 || char.IsLowSurrogate(text[i]);
}
