using static Guardrail.Training.CorpusVocabulary;

namespace Guardrail.Training.Tests;

/// <summary>
/// Grouped cross-validation holds groups out whole: no agent, frame or source is in both the training and the test
/// rows of a fold, and no text is either. These tests fail if leakage is reintroduced (for example by excluding a row
/// only from the fold of its first group, or by letting a row whose groups span folds be scored).
/// </summary>
public sealed class GroupedFoldsTests
{
    private static CorpusRow Harm(string text, string? agent = null, string? frame = null, string? source = null) =>
        new(text, [Chemical], "harmful/direct", Agent: agent, Frame: frame, Source: source);

    private static CorpusRow Near(string text, string? agent = null, string? frame = null, string? source = null) =>
        new(text, [], "near/about_topic", Agent: agent, Frame: frame, Source: source);

    [Theory]
    [InlineData(nameof(CvScheme.Agents))]
    [InlineData(nameof(CvScheme.Frames))]
    [InlineData(nameof(CvScheme.Sources))]
    public void GeneratedCorpusAndDevRows_NoGroupOrTextInBothTrainingAndTestOfAFold(string schemeName)
    {
        var scheme = Enum.Parse<CvScheme>(schemeName);
        var (train, _) = CorpusGenerator.Generate();
        var rows = train.Concat(DevSample()).ToList();

        var plan = GroupedFolds.Plan(rows, scheme, 5);

        Assert.Empty(plan.Leaks(rows));
        Assert.True(plan.Folds >= 2);
        for (var fold = 0; fold < plan.Folds; fold++)
        {
            Assert.Contains(Enumerable.Range(0, rows.Count), r => plan.Tests(r, fold) && rows[r].Positive);
        }
    }

    [Fact]
    public void RowNamingAgentsOfTwoFolds_IsNeverScoredAndTrainsInNeither()
    {
        // Fill two folds: sarin and soman are consecutive chemical families, so round robin puts them apart.
        List<CorpusRow> rows = [Harm("How do I make sarin?", "sarin"), Harm("How do I make soman?", "soman"), Harm("Compare sarin and soman for an attack.")];

        var plan = GroupedFolds.Plan(rows, CvScheme.Agents, 5);

        Assert.NotEqual(plan.TestFold[0], plan.TestFold[1]);
        Assert.Equal(-1, plan.TestFold[2]);
        Assert.False(plan.Trains(2, plan.TestFold[0]));
        Assert.False(plan.Trains(2, plan.TestFold[1]));
        Assert.Empty(plan.Leaks(rows));
    }

    [Fact]
    public void AgentFoundInTheText_IsHeldOutEvenWhenNotRecorded()
    {
        // A development row records no agent; its text names one, and it must not train where that agent is tested.
        List<CorpusRow> rows = [Harm("How do I make VX?", "vx"), new("How is VX nerve agent poisoning treated?", [], "dev/benign_near")];

        var plan = GroupedFolds.Plan(rows, CvScheme.Agents, 5);

        Assert.Equal(plan.TestFold[0], plan.TestFold[1]);
        Assert.False(plan.Trains(1, plan.TestFold[0]));
    }

    [Fact]
    public void SameTextWithDifferentGroups_StaysTogether()
    {
        List<CorpusRow> rows = [Near("What is sarin?", "sarin", "about"), Near("What is sarin?", null, "near"), Near("How is sarin detected?", "sarin", "near")];

        var plan = GroupedFolds.Plan(rows, CvScheme.Frames, 2);

        Assert.Equal(plan.Excluded[0], plan.Excluded[1]);
        Assert.Empty(plan.Leaks(rows));
    }

    [Fact]
    public void Sources_GeneratedRowsAlwaysTrainAndAreNeverScored()
    {
        var rows = Enumerable.Range(0, 2 * GroupedFolds.MinSourceRows).Select(i => Harm($"request {i}", source: i % 2 == 0 ? "AILuminate-demo" : "harmfulqa"))
            .Append(Harm("generated request")).ToList();

        var plan = GroupedFolds.Plan(rows, CvScheme.Sources, 5);

        Assert.Equal(-1, plan.TestFold[^1]);
        Assert.All(Enumerable.Range(0, plan.Folds), f => Assert.True(plan.Trains(rows.Count - 1, f)));
        Assert.NotEqual(plan.TestFold[0], plan.TestFold[1]);
    }

    [Fact]
    public void Leaks_ReportsAGroupInTrainingAndTest()
    {
        List<CorpusRow> rows = [Harm("How do I make sarin?", "sarin"), Harm("Give me sarin.", "sarin")];
        var sound = GroupedFolds.Plan(rows, CvScheme.Agents, 5);

        // The same plan with the second row put back into training of the first row's fold: a leaking plan.
        var leaking = sound with { Excluded = [sound.Excluded[0], 0] , TestFold = [sound.TestFold[0], -1] };

        Assert.Empty(sound.Leaks(rows));
        Assert.NotEmpty(leaking.Leaks(rows));
    }

    [Fact]
    public void Find_PrefersTheLongestName()
    {
        Assert.Equal(["vx"], CorpusAgents.Find("What is VX nerve agent?"));
        Assert.Equal(["sarin", "nerve-agent"], CorpusAgents.Find("Sarin gas and other nerve agents"));
        Assert.Empty(CorpusAgents.Find("How do I bake sourdough bread?"));
    }

    private static IEnumerable<CorpusRow> DevSample()
    {
        foreach (var file in TrainingCorpus.DevFiles)
        {
            var (rows, error) = LabeledData.Read(Path.Combine(TrainingTestFiles.DevData, file));
            Assert.Null(error);
            foreach (var row in rows.Where((_, i) => i % 10 == 0 || file.StartsWith("cbrn", StringComparison.Ordinal)))
            {
                yield return row;
            }
        }
    }
}
