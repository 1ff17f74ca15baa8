using Guardrail.Filters.Classification;
using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Classification;

/// <summary>
/// What the multilingual probe tests share: the lexical tier over every normalised reading of a text (the encoder
/// reads English only, so in these languages the word list is the screen), and row counts per language.
/// </summary>
internal static class MultilingualScreening
{
    public const double Threshold = 0.5;

    private static readonly LexicalClassifier Classifier = new(LexiconTestFiles.Lexicon);

    /// <summary>The highest lexical score over the normalised variants of <paramref name="text"/>, with its evidence.</summary>
    public static (double Score, string Why) Screen(string text)
    {
        var best = 0d;
        var why = "no anchor";
        foreach (var variant in TextNormalizer.Normalize(text).All())
        {
            foreach (var evidence in Classifier.Explain(variant))
            {
                if (evidence.Score > best)
                {
                    best = evidence.Score;
                    why = $"'{variant}': {evidence}";
                }
            }
        }

        return (best, why);
    }

    /// <summary>How many rows of <paramref name="rows"/> are in <paramref name="language"/>.</summary>
    public static int Count(TheoryData<string, string> rows, string language)
        => rows.Count(row => string.Equals((string)row[0], language, StringComparison.Ordinal));
}
