using System.Text.RegularExpressions;
using Guardrail.Proxy.Training;

namespace Guardrail.Proxy.Tests.Training;

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
