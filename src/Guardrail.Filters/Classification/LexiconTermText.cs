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
    /// <summary>The text of <paramref name="term"/> ready for splitting; an ASCII term is only lower-cased, as it always was.</summary>
    public static string Prepare(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (Ascii.IsValid(term))
        {
            return term.ToLowerInvariant();
        }

        var folded = TextFolder.Fold(term, depth: 0).Canonical;
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

    /// <summary>Whether the character at <paramref name="i"/> of a prepared term belongs to a word (as in <see cref="LexicalTokenizer"/>).</summary>
    public static bool IsWordChar(string text, int i) => LexicalScripts.WordCharLength(text, i) > 0 || char.IsLowSurrogate(text[i]);
}
