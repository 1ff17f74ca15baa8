using Guardrail.Tests.Shared;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Tests.Classification;

public sealed class LexiconLoaderTests
{
    private const string Valid = """
        version: 1
        categories: [cbrn.chemical, cbrn.nuclear]
        intents:
          production:
            weight: 1.0
            terms: [make, synthes*]
        anchors:
          nerve_agents:
            categories: [cbrn.chemical]
            weight: 0.9
            terms: [sarin]
        """;

    [Fact]
    public void ValidLexicon_LoadsWithDeclaredCategories()
    {
        var (lexicon, errors) = Load(Valid);

        Assert.Empty(errors);
        Assert.NotNull(lexicon);
        Assert.Equal(["cbrn.chemical", "cbrn.nuclear"], lexicon.Categories);
        Assert.Equal(["production"], lexicon.IntentClasses);
    }

    [Fact]
    public void ShippedLexicon_LoadsWithTheFourCbrnCategories()
    {
        var errors = new List<PolicyError>();

        var lexicon = LexiconLoader.Load(LexiconTestFiles.LexiconPath, errors);

        Assert.Empty(errors);
        Assert.NotNull(lexicon);
        foreach (var category in (string[])["cbrn.chemical", "cbrn.biological", "cbrn.radiological", "cbrn.nuclear"])
        {
            Assert.Contains(category, lexicon.Categories);
        }
    }

    [Fact]
    public void MissingFile_ReturnsFileNotFoundError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");
        var errors = new List<PolicyError>();

        var lexicon = LexiconLoader.Load(path, errors);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithSyntaxError_ReportsFileAndLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lexicon-{Guid.NewGuid():N}.yaml");
        var yaml = Valid.Edit("terms: [sarin]", "terms: [sarin") + "\nneutral: [x]\n";
        File.WriteAllText(path, yaml);
        try
        {
            var errors = new List<PolicyError>();

            var lexicon = LexiconLoader.Load(path, errors);

            Assert.Null(lexicon);
            var error = Assert.Single(errors);
            Assert.Equal(path, error.File);
            Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
            Assert.True(error.Line >= LineOf(yaml, "terms: [sarin"), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("categories: [cbrn.chemical\nanchors: {}\n")]
    [InlineData("key: \"unterminated\n")]
    [InlineData("a: [1, 2\nb: 3\n")]
    public void MalformedYaml_ReturnsSyntaxErrorNotException(string yaml)
    {
        var (lexicon, errors) = Load("version: 1\n" + yaml);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 2, error.ToString());
    }

    // Pinned to the letter: the lexicon reads through the shared YAML parse (YamlDocuments) but keeps its own wording
    // and location for the errors YamlDotNet throws without a message, and YamlDotNet's own message otherwise.
    [Theory]
    [InlineData("categories: [cbrn.chemical\nanchors: {}\n", 2, 13, "YAML syntax error: unexpected content after this point (an unclosed bracket or quote?)")]
    [InlineData("a: [1, 2\nb: 3\n", 2, 6, "YAML syntax error: unexpected content after this point (an unclosed bracket or quote?)")]
    [InlineData("key: \"unterminated\n", 2, 6, "YAML syntax error: While scanning a quoted scalar, found unexpected end of stream.")]
    public void MalformedYaml_KeepsItsMessageAndLocation(string yaml, int line, int column, string message)
    {
        var (_, errors) = Load("version: 1\n" + yaml);

        var error = Assert.Single(errors);
        Assert.Equal((line, column, "lexicon", message), (error.Line, error.Column, error.Field, error.Message));
    }

    [Fact]
    public void SecondDocument_IsReportedAtItsStart()
    {
        var (lexicon, errors) = Load("version: 1\n---\nb: 2\n");

        Assert.Null(lexicon);
        var error = errors[0];
        Assert.Equal((3, 1, "lexicon", "only one YAML document is allowed"), (error.Line, error.Column, error.Field, error.Message));
    }

    [Fact]
    public void EventAgents_MapNamesToTheirAgent()
    {
        var (lexicon, errors) = Load(Valid + "\nevent_agents:\n  sarin: [aum shinrikyo, tokyo subway attack]\n");

        Assert.Empty(errors);
        Assert.Equal(2, lexicon!.Events.Count);
        Assert.Equal("sarin", lexicon.Events.AgentNamedIn("who founded aum shinrikyo?"));
        Assert.Null(lexicon.Events.AgentNamedIn("who founded the red cross?"));
    }

    [Fact]
    public void EventAgentThatIsNoAnchor_IsAnError()
    {
        var yaml = Valid + "\nevent_agents:\n  tabun: [aum shinrikyo]\n";

        var (lexicon, errors) = Load(yaml);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Equal(("event_agents.tabun", LineOf(yaml, "tabun:")), (error.Field, error.Line));
        Assert.Contains("not an anchor term", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventNameGivenToTwoAgents_IsAnError()
    {
        var yaml = Valid.Replace("terms: [sarin]", "terms: [sarin, soman]", StringComparison.Ordinal)
            + "\nevent_agents:\n  sarin: [aum shinrikyo]\n  soman: [aum shinrikyo]\n";

        var (lexicon, errors) = Load(yaml);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Contains("already given to 'sarin'", error.Message, StringComparison.Ordinal);
    }

    private const string Implied = """
        version: 1
        categories: [cbrn.biological]
        intents:
          production:
            weight: 1.0
            terms: [make]
          pathogen_enhancement:
            weight: 1.0
            terms: [more transmissible]
        anchors:
          viruses:
            categories: [cbrn.biological]
            weight: 0.9
            terms: [ebola]
          traits:
            categories: [cbrn.biological]
            weight: 0.75
            implied_by: pathogen_enhancement
        """;

    [Fact]
    public void AnchorImpliedByAnIntent_ScoresATextThatNamesNoAgent()
    {
        var (lexicon, errors) = Load(Implied);

        Assert.Empty(errors);
        var classifier = new LexicalClassifier(lexicon!);
        // anchor x intent x framing: no framing cues in this lexicon, so the default neutral factor (0.85).
        Assert.Equal(0.75 * 1.0 * 0.85, classifier.Score("how to make naegleria more transmissible")["cbrn.biological"], 6);
        Assert.Equal(0, classifier.Score("how to make naegleria spread")["cbrn.biological"]);
        // A named agent is read as before: the implied anchor stands in only where no anchor is.
        Assert.Equal(0.9 * 1.0 * 0.85, classifier.Score("how to make ebola more transmissible")["cbrn.biological"], 6);
    }

    [Fact]
    public void QuietAnchor_ScoresButIsNoVocabularySignal()
    {
        var (lexicon, errors) = Load(Implied.Replace("    weight: 0.9\n    terms: [ebola]", "    weight: 0.9\n    terms: [ebola]\n  crops:\n    quiet: true\n    categories: [cbrn.biological]\n    weight: 0.5\n    terms: [stem rust]", StringComparison.Ordinal));

        Assert.Empty(errors);
        var classifier = new LexicalClassifier(lexicon!);
        var quiet = classifier.Score("how to make stem rust", out var quietVocabulary);
        var loud = classifier.Score("how to make ebola", out var loudVocabulary);

        // The cascade escalates on vocabulary; a quiet anchor reaches the models only by its score.
        Assert.Equal(0.5 * 1.0 * 0.85, quiet["cbrn.biological"], 6);
        Assert.False(quietVocabulary);
        Assert.True(loudVocabulary);
        Assert.True(loud["cbrn.biological"] > 0);
    }

    [Fact]
    public void AnchorGroupWithTyposFalse_IsNotReadMisspelled()
    {
        var yaml = Implied.Replace("    weight: 0.9\n    terms: [ebola]", "    weight: 0.9\n    terms: [ebola, marburgvirus]\n  foreign:\n    typos: false\n    categories: [cbrn.biological]\n    weight: 0.9\n    terms: [longpest]", StringComparison.Ordinal);

        var (lexicon, errors) = Load(yaml);

        Assert.Empty(errors);
        // The English name less a letter is read as it; the other language's name, whose misspelling is an English word, is not.
        Assert.Equal("marburgvirus", lexicon!.Typos.Misspelled("marburgvrus")?.Words[0]);
        Assert.Null(lexicon.Typos.Misspelled("longest"));
    }

    [Theory]
    [InlineData("implied_by: pathogen_enhancement", "implied_by: enhancement", "unknown intent class 'enhancement'")]
    [InlineData("implied_by: pathogen_enhancement", "implied_by: pathogen_enhancement\n    terms: [virulence]", "has no terms of its own")]
    public void AnchorImpliedByMisuse_IsAnError(string from, string to, string message)
    {
        var (lexicon, errors) = Load(Implied.Replace(from, to, StringComparison.Ordinal));

        Assert.Null(lexicon);
        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRootField_ReportsItsLineAndColumn()
    {
        var yaml = Valid + "\nweigths: 3\n";

        var (lexicon, errors) = Load(yaml);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Equal("weigths", error.Field);
        Assert.Equal(LineOf(yaml, "weigths:"), error.Line);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void UnknownNestedField_ReportsDottedPathAndLine()
    {
        var yaml = Valid.Edit("    weight: 0.9", "    weight: 0.9\n    colour: red");

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("anchors.nerve_agents.colour", error.Field);
        Assert.Equal(LineOf(yaml, "colour: red"), error.Line);
        Assert.Equal(ColumnOf(yaml, "colour: red"), error.Column);
    }

    [Theory]
    [InlineData("weight: 0.9", "weight: heavy", "expected a number")]
    [InlineData("weight: 0.9", "weight: \"0.9\"", "expected a number")]
    [InlineData("weight: 0.9", "weight: [0.9]", "expected a number")]
    [InlineData("terms: [sarin]", "terms: sarin", "expected a list")]
    [InlineData("categories: [cbrn.chemical]\n    weight", "categories: cbrn.chemical\n    weight", "expected a list")]
    public void WrongType_ReportsLineOfTheValue(string original, string replacement, string message)
    {
        var yaml = Valid.Edit(original, replacement);
        var valueLine = LineOf(yaml, replacement.Split('\n')[0]);

        var (lexicon, errors) = Load(yaml);

        Assert.Null(lexicon);
        var error = Assert.Single(errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(valueLine, error.Line);
    }

    [Theory]
    [InlineData("weight: 0.9", "weight: 1.5")]
    [InlineData("weight: 0.9", "weight: -0.1")]
    [InlineData("weight: 1.0", "weight: 2")]
    public void WeightOutOfRange_ReportsLine(string original, string replacement)
    {
        var yaml = Valid.Edit(original, replacement);

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, replacement), error.Line);
    }

    [Fact]
    public void ScoringOutOfRange_ReportsLine()
    {
        var yaml = Valid + "\nscoring:\n  window: 500\n  neutral: 3\n";

        var (_, errors) = Load(yaml);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Field == "scoring.window" && e.Line == LineOf(yaml, "window: 500"));
        Assert.Contains(errors, e => e.Field == "scoring.neutral" && e.Line == LineOf(yaml, "neutral: 3"));
    }

    [Fact]
    public void UnknownCategoryReference_ReportsLineAndColumnOfTheName()
    {
        var yaml = Valid.Edit("categories: [cbrn.chemical]", "categories: [cbrn.chemicals]");

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("anchors.nerve_agents.categories", error.Field);
        Assert.Contains("unknown category 'cbrn.chemicals'", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "[cbrn.chemicals]"), error.Line);
        Assert.Equal(ColumnOf(yaml, "cbrn.chemicals]"), error.Column);
    }

    [Fact]
    public void UnknownIntentAndContextReferences_AreEachReported()
    {
        var yaml = Valid.Edit("    weight: 0.9", "    weight: 0.9\n    pairs_with: [sabotage]\n    not_with: [theft]\n    unless: [computing]");

        var (_, errors) = Load(yaml);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Field.EndsWith("pairs_with", StringComparison.Ordinal) && e.Line == LineOf(yaml, "pairs_with:"));
        Assert.Contains(errors, e => e.Field.EndsWith("not_with", StringComparison.Ordinal) && e.Line == LineOf(yaml, "not_with:"));
        Assert.Contains(errors, e => e.Field.EndsWith("unless", StringComparison.Ordinal) && e.Line == LineOf(yaml, "unless:"));
    }

    [Fact]
    public void MissingRequiredFields_AreReported()
    {
        var (lexicon, errors) = Load("version: 1\ncategories: [cbrn.chemical]\n");

        Assert.Null(lexicon);
        Assert.Contains(errors, e => e.Field == "anchors");
        Assert.Contains(errors, e => e.Field == "intents");
    }

    [Fact]
    public void UnsupportedVersion_IsReported()
    {
        var yaml = Valid.Edit("version: 1", "version: 2");

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("version", error.Field);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void DuplicateTerm_ReportsSecondOccurrenceAndFirstLine()
    {
        var yaml = Valid.Edit("terms: [sarin]", "terms: [sarin, make]");

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Equal(LineOf(yaml, "[sarin, make]"), error.Line);
        Assert.Contains($"line {LineOf(yaml, "[make, synthes*]")}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sy*")]
    [InlineData("syn*thesis")]
    [InlineData("*mak")]
    [InlineData("*make*")]
    [InlineData("--")]
    public void InvalidTerm_IsReported(string term)
    {
        var yaml = Valid.Edit("[make, synthes*]", $"[make, \"{term}\"]");

        var (_, errors) = Load(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("intents.production.terms", error.Field);
        Assert.Equal(LineOf(yaml, term), error.Line);
    }

    [Fact]
    public void SeveralErrors_AreAllReportedInOnePass()
    {
        var yaml = Valid
            .Edit("weight: 0.9", "weight: 9")
            .Edit("[cbrn.chemical]", "[cbrn.bio]") + "\nextra: 1\n";

        var (_, errors) = Load(yaml);

        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.True(e.Line > 0));
    }

    private static (Lexicon? Lexicon, List<PolicyError> Errors) Load(string yaml)
    {
        var errors = new List<PolicyError>();
        var lexicon = LexiconLoader.LoadFromText("test.yaml", yaml, errors);
        return (lexicon, errors);
    }

    /// <summary>1-based line of the first line containing <paramref name="snippet"/>.</summary>
    private static int LineOf(string yaml, string snippet)
    {
        var lines = yaml.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(snippet, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{snippet}' not in test YAML");
        return index + 1;
    }

    /// <summary>1-based column of <paramref name="snippet"/> on its line.</summary>
    private static int ColumnOf(string yaml, string snippet)
    {
        var line = yaml.Split('\n')[LineOf(yaml, snippet) - 1];
        return line.IndexOf(snippet, StringComparison.Ordinal) + 1;
    }
}
