using System.Text.RegularExpressions;

namespace Guardrail.Training.Tests;

public sealed partial class CorpusGeneratorTests
{
    [Fact]
    public void Generator_ReproducesTheCheckedInCorpus()
    {
        var (train, holdout) = CorpusGenerator.Generate();

        Assert.Equal(File.ReadAllText(Path.Combine(TrainingTestFiles.Corpus, "train.jsonl")), CorpusGenerator.ToJsonl(train));
        Assert.Equal(File.ReadAllText(Path.Combine(TrainingTestFiles.Corpus, "holdout.jsonl")), CorpusGenerator.ToJsonl(holdout));
    }

    [Fact]
    public void HeldOutSplit_SharesNoTextAndNoTemplateWithTraining()
    {
        var (train, holdout) = CorpusGenerator.Generate();

        Assert.Empty(train.Select(r => r.Text).Intersect(holdout.Select(r => r.Text), StringComparer.Ordinal));

        // Held-out phrasings are templates training never saw: no held-out phrasing or wrapper id occurs in training.
        static IEnumerable<string> Parts(CorpusRow r) => (r.Template ?? "").Split('/').Where(p => p.Length > 0 && p != "wrapper0");
        var trainParts = train.SelectMany(Parts).ToHashSet(StringComparer.Ordinal);
        var unseen = holdout.Where(r => Parts(r).Any(p => !trainParts.Contains(p))).Count();
        Assert.True(unseen == holdout.Count, $"{holdout.Count - unseen} held-out rows use only templates seen in training");
    }

    [Fact]
    public void Generator_TwiceGivesTheSameRows()
    {
        var (first, _) = CorpusGenerator.Generate();
        var (second, _) = CorpusGenerator.Generate();

        Assert.Equal(CorpusGenerator.ToJsonl(first), CorpusGenerator.ToJsonl(second));
    }

    [Fact]
    public void Rows_RecordTheirAgentFrameAndTopic()
    {
        var (train, holdout) = CorpusGenerator.Generate();

        foreach (var row in train.Concat(holdout))
        {
            Assert.False(row.Frames.Count == 0, $"no frame: {row.Text}");
            if (row.Positive)
            {
                Assert.False(row.Topic is null, $"no topic: {row.Text}");
                Assert.Contains(row.Topic, row.Categories);
            }

            // A row that names a specific agent records it (grouped cross-validation reads the text as well).
            if (CorpusAgents.Find(row.Text).FirstOrDefault(a => CorpusAgents.Get(a) is { Generic: false }) is not null && row.Kind.StartsWith("harmful/direct", StringComparison.Ordinal))
            {
                Assert.NotNull(row.Agent);
            }
        }
    }

    [Fact]
    public void Corpus_CoversManyAgentsPerCategoryInBothClasses()
    {
        var (train, _) = CorpusGenerator.Generate();

        foreach (var category in LabeledData.AllCategories)
        {
            var agents = CorpusAgents.All.Where(a => a.Topic == category && !a.Generic).Select(a => a.Family).ToHashSet(StringComparer.Ordinal);
            var harmful = train.Where(r => r.Positive && r.Agent is { } a && agents.Contains(a)).Select(r => r.Agent).Distinct().Count();
            var benign = train.Where(r => !r.Positive && r.Agent is { } a && agents.Contains(a)).Select(r => r.Agent).Distinct().Count();
            Assert.True(harmful >= 8 && benign >= 8, $"{category}: {harmful} agents in harmful rows, {benign} in benign rows");
        }
    }

    [Fact]
    public void Corpus_IsBalancedEnoughToLearnFrom()
    {
        var (train, holdout) = CorpusGenerator.Generate();

        foreach (var split in new[] { train, holdout })
        {
            var positives = split.Count(r => r.Positive);
            Assert.InRange((double)positives / split.Count, 0.3, 0.7);
            foreach (var category in LabeledData.AllCategories)
            {
                Assert.Contains(split, r => r.Categories.Contains(category));
            }
        }
    }

    [Fact]
    public void Corpus_StatesIntentAndTopicOnly()
    {
        var (train, holdout) = CorpusGenerator.Generate();

        // The safety rule: no quantities, temperatures or step content in anything generated.
        foreach (var row in train.Concat(holdout))
        {
            Assert.False(Quantity().IsMatch(row.Text), row.Text);
            Assert.DoesNotMatch(StepContent(), row.Text);
        }
    }

    [GeneratedRegex(@"\d+(\.\d+)?\s*(mg|g|kg|ml|l|liters?|grams?|°|degrees|%|psi|bar|kelvin|celsius)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();

    // A step is only ever followed by a placeholder.
    [GeneratedRegex(@"(Step \d+|\b\d\.)\s*(?!\[redacted\])[A-Za-z]")]
    private static partial Regex StepContent();
}
