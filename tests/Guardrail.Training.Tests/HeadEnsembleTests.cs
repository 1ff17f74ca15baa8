using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training.Tests;

/// <summary>The ensemble head computes the average of its two members' logits, in the shipped head format.</summary>
public sealed class HeadEnsembleTests
{
    private static readonly string[] Categories = [.. LabeledData.AllCategories];

    [Fact]
    public void Average_ScoresTheMeanOfBothLogits()
    {
        var rng = new SplitMix64(7);
        double R() => Math.Round((rng.NextDouble() * 2) - 1, 3);
        const int d = 8, h = 4, c = 4;
        var mlp = new CategoryHead("builtin:minilm", Categories,
        [
            new HeadLayer(d, h, [.. Enumerable.Range(0, d * h).Select(_ => R())], [.. Enumerable.Range(0, h).Select(_ => R())], HeadActivation.Relu),
            new HeadLayer(h, c, [.. Enumerable.Range(0, h * c).Select(_ => R())], [.. Enumerable.Range(0, c).Select(_ => R())], HeadActivation.Sigmoid),
        ]);
        var lr = new CategoryHead("builtin:minilm", Categories,
            [new HeadLayer(d, c, [.. Enumerable.Range(0, d * c).Select(_ => R())], [.. Enumerable.Range(0, c).Select(_ => R())], HeadActivation.Sigmoid)]);

        var ensemble = HeadEnsemble.Average(mlp, lr);

        Assert.Equal(h + (2 * c), ensemble.Layers[0].Outputs);
        for (var t = 0; t < 20; t++)
        {
            var x = Enumerable.Range(0, d).Select(_ => (float)R()).ToArray();
            var expected = mlp.Score(x).Zip(lr.Score(x), (a, b) => Sigmoid((Logit(a) + Logit(b)) / 2));
            Assert.All(ensemble.Score(x).Zip(expected), p => Assert.Equal(p.Second, p.First, 1e-5));
        }
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
