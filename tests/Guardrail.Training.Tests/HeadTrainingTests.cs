using System.Text.Json;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Training.Commands;

namespace Guardrail.Training.Tests;

/// <summary>
/// <c>guardrail-training train</c> is reproducible: the same corpus gives the same head on every x64 CPU, within the stated
/// cross-ISA tolerance (<see cref="HeadComparison.CrossIsa"/>: ONNX Runtime picks AVX2 or AVX-512 kernels at run
/// time, so embeddings differ in their low bits between CPUs), with the same verdicts on the probe list. Training the
/// shipped head embeds about 21,000 windows (minutes on two cores), so the suite trains a small head on a fixed
/// subset and compares it with <c>small-head.json</c>; <c>guardrail-training train --check</c> does the same for the shipped
/// head. Rebuild the small artefact with:
/// <c>dotnet run -c Release --project tools/Guardrail.Training -- train --limit 300 --hidden 8 --epochs 40 --out tests/Guardrail.Training.Tests/small-head.json</c>.
/// </summary>
public sealed class HeadTrainingTests
{
    private static TrainOptions Small => new()
    {
        DevFolder = TrainingTestFiles.DevData,
        CorpusFolder = TrainingTestFiles.Corpus,
        Limit = 300,
        Hidden = 8,
        Epochs = 40,
    };

    [Fact]
    public void SmallTraining_MatchesTheCheckedInArtefactWithinTheCrossIsaTolerance()
    {
        var (outcome, error) = HeadTraining.Run(Small, TextWriter.Null);

        Assert.True(outcome is not null, error);
        using (outcome.Model)
        {
            var errors = new List<PolicyError>();
            var expected = HeadFile.Load(TrainingTestFiles.SmallHead, "head", errors);
            var actual = HeadFile.Parse(System.Text.Encoding.UTF8.GetBytes(outcome.HeadText), "retrained", "head", errors);
            Assert.Empty(errors);

            var result = HeadComparison.Compare(expected!, actual!, HeadComparison.EmbedProbes(outcome.Model, Small.MaxTokens, Small.OverlapTokens), HeadComparison.SmallHead);

            Assert.True(result.Same, string.Join("; ", result.Problems));
        }
    }

    [Fact]
    public void ProbeList_ScoresFarFromTheThresholdOnTheCheckedInHeads()
    {
        // A probe inside the tolerance band around 0.5 could flip between CPUs; none of the probes may sit there.
        var (model, error) = OnnxTextModel.Load(ModelSpec.ForBuiltin(BuiltinEncoder.MiniLM, intraOpThreads: 1));
        Assert.True(model is not null, error);
        using (model)
        {
            var probes = HeadComparison.EmbedProbes(model, 128, 32);
            foreach (var (path, tolerance) in new[] { (TrainingTestFiles.SmallHead, HeadComparison.SmallHead), (TrainingTestFiles.ShippedHead, HeadComparison.CrossIsa) })
            {
                var head = HeadFile.Load(path, "head", []);
                Assert.NotNull(head);
                var scores = probes.SelectMany(p => head.Score(p)).ToList();
                Assert.All(scores, s => Assert.True(Math.Abs(s - 0.5) > 2 * tolerance.Score, $"{Path.GetFileName(path)}: a probe scores {s:F4}"));
            }
        }
    }

    [Fact]
    public void SlightlyPerturbedEmbeddings_StayWithinTheTolerance()
    {
        // The measured basis of the tolerance, kept as a test: embeddings moved by 1e-5 relative (more than the
        // AVX2/AVX-512 differences measured, see README) still give a head within tolerance. (At 1e-4 a hidden unit
        // of this small head can switch on for another sample and a weight moves by about 6e-3: no tolerance is
        // claimed for noise that large.)
        var (baseline, error) = HeadTraining.Run(Small, TextWriter.Null);
        Assert.True(baseline is not null, error);
        baseline.Model.Dispose();
        var (perturbed, _) = HeadTraining.Run(Small with { Perturb = 1e-5 }, TextWriter.Null);
        using (perturbed!.Model)
        {
            var probes = HeadComparison.EmbedProbes(perturbed.Model, Small.MaxTokens, Small.OverlapTokens);
            var result = HeadComparison.Compare(Parse(baseline.HeadText), Parse(perturbed.HeadText), probes, HeadComparison.SmallHead);

            Assert.True(result.Same, string.Join("; ", result.Problems));
            Assert.NotEqual(baseline.HeadText, perturbed.HeadText);
        }
    }

    [Theory]
    [InlineData("agents", 1)]
    [InlineData("sources", 1)]
    [InlineData("all", 3)]
    public void CvOption_NamesTheSchemes(string value, int schemes)
    {
        var (options, error) = TrainOptions.Parse(["--cv", value, "--report", "x.md"]);

        Assert.True(options is not null, error);
        Assert.Equal(schemes, options.Cv.Count);
    }

    [Theory]
    [InlineData("--cv", "everything")]
    [InlineData("--report", "x.md")]
    [InlineData("--cv-models", "svm")]
    public void BadCvArguments_AreErrors(string name, string value)
    {
        var (options, error) = TrainOptions.Parse([name, value]);

        Assert.Null(options);
        Assert.NotNull(error);
    }

    private static CategoryHead Parse(string text) => HeadFile.Parse(System.Text.Encoding.UTF8.GetBytes(text), "head", "head", [])!;

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
        Assert.StartsWith("guardrail-training train: ", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cv", "bogus")]
    [InlineData("--cv-models", "bogus")]
    [InlineData("--cv-pipeline", "minus")]
    [InlineData("--shift", "x")]
    [InlineData("--perturb", "x")]
    public void CrossValidationOptions_AreKnownToTheCommandLine(string name, string value)
    {
        // A bad value is reported as a bad value, not as an unknown option: the strict name check knows the option.
        using var output = new StringWriter();

        var code = TrainCommand.Run([name, value, "--report", Path.GetTempFileName(), "--dev", TrainingTestFiles.DevData], output);

        Assert.NotEqual(0, code);
        Assert.DoesNotContain("unknown option", output.ToString(), StringComparison.Ordinal);
    }
}
