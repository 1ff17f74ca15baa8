using Guardrail.Tests.Shared;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Normalization;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Tests.Classification;

/// <summary>
/// Lexicon terms are folded by the normaliser that folds the text and split by the tokeniser's rule, so a term written
/// naturally in any script matches what the normaliser makes of the same word.
/// </summary>
public sealed class LexiconTermFoldingTests
{
    private const string Yaml = """
        version: 1
        categories: [cbrn.chemical, cbrn.nuclear]
        intents:
          production:
            weight: 1.0
            terms: [制造, сделать, make]
        anchors:
          agents:
            categories: [cbrn.chemical]
            weight: 1.0
            terms: [沙林, ЗАРИН, Ántrax, سارين]
          bombs:
            categories: [cbrn.nuclear]
            weight: 1.0
            terms: [атомн* бомб*]
        """;

    [Theory]
    [InlineData("如何制造沙林")]         // characters as tokens: the two-character term is a phrase
    [InlineData("制造沙林毒气")]         // and matches inside a longer compound
    [InlineData("Как сделать зарин?")]  // upper-case Cyrillic term, lower-cased like the text
    [InlineData("make ántrax")]         // accented term, stripped like the text
    [InlineData("make ＡＮＴＲＡＸ")]    // full-width text, NFKC like the term
    [InlineData("make سَارِين")]         // Arabic pointing stripped from the text as from the term
    public void NonAsciiTerm_MatchesTheNormalisedText(string text)
    {
        Assert.Contains(Explain(text), e => e.AnchorGroup == "agents" && e.Score >= 0.5);
    }

    [Theory]
    [InlineData("сделать атомная бомба")]   // Cyrillic stays Cyrillic: я has no Latin twin
    [InlineData("сделать атомное бомбе")]   // every letter of "атомное" has a Latin twin: the normaliser folds it to Latin
    [InlineData("сделать атомної бомби")]   // Ukrainian ї loses its diaeresis and folds too
    public void StemOfLookalikeLetters_MatchesInflectionsOnBothSidesOfTheFold(string text)
    {
        Assert.Contains(Explain(text), e => e.AnchorGroup == "bombs" && e.Score >= 0.5);
    }

    [Fact]
    public void WildcardAfterASingleCharacterToken_IsALocatedError()
    {
        var errors = new List<PolicyError>();

        var lexicon = LexiconLoader.LoadFromText("test.yaml", Yaml.Edit("[沙林,", "[沙林*,"), errors);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Contains("'*' must directly follow", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0, error.ToString());
    }

    [Fact]
    public void TermsEqualAfterFolding_AreReportedAsDuplicates()
    {
        var errors = new List<PolicyError>();

        var lexicon = LexiconLoader.LoadFromText("test.yaml", Yaml.Edit("Ántrax,", "Ántrax, ANTRAX,"), errors);

        Assert.Null(lexicon);
        Assert.Contains(errors, e => e.Message.Contains("'antrax' is already defined", StringComparison.Ordinal));
    }

    private static IReadOnlyList<LexicalEvidence> Explain(string text)
    {
        var errors = new List<PolicyError>();
        var lexicon = LexiconLoader.LoadFromText("test.yaml", Yaml, errors);
        Assert.Empty(errors);
        return new LexicalClassifier(lexicon!).Explain(TextNormalizer.Normalize(text).Canonical);
    }
}
