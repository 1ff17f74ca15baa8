using System.Text.Json;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Training;

namespace Guardrail.Proxy.Tests.Training;

/// <summary>
/// <c>guardrail train</c> is reproducible: the same corpus gives the same bytes. Training the shipped head embeds
/// about 12,000 windows (minutes on two cores), so the suite trains a small head on a fixed subset and compares it
/// byte for byte with <c>small-head.json</c>; <c>guardrail train --check</c> does the same for the shipped head.
/// Rebuild the small artefact with:
/// <c>guardrail train --limit 300 --hidden 8 --epochs 5 --out tests/Guardrail.Proxy.Tests/Training/small-head.json</c>.
/// </summary>
public sealed class HeadTrainingTests
{
    private static TrainOptions Small => new()
    {
        DevFolder = TrainingTestFiles.DevData,
        CorpusFolder = TrainingTestFiles.Corpus,
        Limit = 300,
        Hidden = 8,
        Epochs = 5,
    };

    [Fact]
    public void SmallTraining_ReproducesTheCheckedInArtefactByteForByte()
    {
        var (outcome, error) = HeadTraining.Run(Small, TextWriter.Null);

        Assert.True(outcome is not null, error);
        using (outcome.Model)
        {
            Assert.Equal(File.ReadAllText(TrainingTestFiles.SmallHead).ReplaceLineEndings("\n"), outcome.HeadText);
        }
    }

    [Fact]
    public void SmallTraining_TwiceGivesTheSameBytes()
    {
        var (first, error) = HeadTraining.Run(Small with { Epochs = 2 }, TextWriter.Null);
        Assert.True(first is not null, error);
        first.Model.Dispose();
        var (second, _) = HeadTraining.Run(Small with { Epochs = 2 }, TextWriter.Null);
        second!.Model.Dispose();

        Assert.Equal(first.HeadText, second.HeadText);
        Assert.NotEqual(File.ReadAllText(TrainingTestFiles.SmallHead), first.HeadText);
    }

    [Fact]
    public void ShippedHead_WasTrainedOnTheCurrentCorpus()
    {
        // Retraining is minutes; the corpus digest recorded in the head is seconds, and catches a stale head.
        using var doc = JsonDocument.Parse(File.ReadAllText(TrainingTestFiles.ShippedHead));
        var training = doc.RootElement.GetProperty("training");
        var (rows, error) = TrainingCorpus.Load(TrainingTestFiles.DevData, TrainingTestFiles.Corpus, training.GetProperty("seed").GetUInt64());

        Assert.Null(error);
        Assert.Equal(training.GetProperty("corpus_sha256").GetString(), HeadTraining.Digest(rows));
        Assert.Equal(rows.Count, training.GetProperty("rows").GetInt32());
    }

    [Fact]
    public void ShippedHead_LoadsAndIsSmall()
    {
        var errors = new List<PolicyError>();

        var head = HeadFile.Load(TrainingTestFiles.ShippedHead, "head", errors);

        Assert.Empty(errors);
        Assert.NotNull(head);
        Assert.Equal(BuiltinEncoder.MiniLM.Dimension, head.Dimension);
        Assert.InRange(new FileInfo(TrainingTestFiles.ShippedHead).Length, 1, 512 * 1024);
    }

    [Theory]
    [InlineData("--encoder", "bert")]
    [InlineData("--epochs", "zero")]
    [InlineData("--hidden", "7")]
    [InlineData("--frobnicate", "1")]
    public void BadArguments_ExitWithUsageError(string name, string value)
    {
        using var output = new StringWriter();

        var code = TrainCommand.Run([name, value, "--dev", TrainingTestFiles.DevData, "--corpus", TrainingTestFiles.Corpus, "--out", Path.GetTempFileName()], output);

        Assert.NotEqual(0, code);
        Assert.StartsWith("guardrail train: ", output.ToString(), StringComparison.Ordinal);
    }
}
