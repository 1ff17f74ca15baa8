using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training.Tests;

/// <summary>The tolerance comparison of <c>train --check</c>: close heads match, a real change or a flipped verdict does not.</summary>
public sealed class HeadComparisonTests
{
    private static readonly string[] Categories = [.. LabeledData.AllCategories];

    private static CategoryHead Head(double weight, double bias = 0, string note = "{\"seed\": 1}") =>
        new("builtin:minilm", Categories, [new HeadLayer(4, 4, [.. Enumerable.Repeat(weight, 16)], [.. Enumerable.Repeat(bias, 4)], HeadActivation.Sigmoid)])
        {
            TrainingNote = note,
        };

    private static readonly float[][] Probes = [[1, 0, 0, 0], [0, 1, 1, 0], [-1, -1, 0, 0]];

    [Fact]
    public void WeightsWithinTolerance_Match()
    {
        var result = HeadComparison.Compare(Head(0.5), Head(0.5 + (HeadComparison.SmallHead.Weight / 2)), Probes, HeadComparison.SmallHead);

        Assert.True(result.Same, string.Join("; ", result.Problems));
    }

    [Fact]
    public void WeightBeyondTolerance_Differs()
    {
        var result = HeadComparison.Compare(Head(0.5), Head(0.5 + (HeadComparison.SmallHead.Weight * 2)), Probes, HeadComparison.SmallHead);

        Assert.False(result.Same);
        Assert.Contains(result.Problems, p => p.Contains("weight", StringComparison.Ordinal));
    }

    [Fact]
    public void VerdictFlipOnAProbe_Differs()
    {
        // Scores at a zero bias sit on the threshold; a tiny bias either side flips the verdict of every probe, even
        // though the numbers are within tolerance.
        var result = HeadComparison.Compare(Head(0, -1e-4), Head(0, 1e-4), [[0, 0, 0, 0]], new HeadComparison.Tolerance(1, 1));

        Assert.False(result.Same);
        Assert.Contains(result.Problems, p => p.Contains("verdict", StringComparison.Ordinal));
    }

    [Fact]
    public void OtherTrainingMetadata_Differs()
    {
        var result = HeadComparison.Compare(Head(0.5), Head(0.5, note: "{\"seed\": 2}"), Probes, HeadComparison.SmallHead);

        Assert.False(result.Same);
    }

    [Fact]
    public void WhitespaceInMetadata_DoesNotMatter()
    {
        var result = HeadComparison.Compare(Head(0.5, note: "{\"seed\":1}"), Head(0.5), Probes, HeadComparison.SmallHead);

        Assert.True(result.Same, string.Join("; ", result.Problems));
    }
}
