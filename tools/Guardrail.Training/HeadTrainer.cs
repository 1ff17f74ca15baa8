using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training;

/// <summary>
/// Trains the per-category logistic-regression head on fixed embeddings: full-batch Adam on the class-balanced
/// log loss with L2 regularisation, from zero weights, in a fixed order with plain sequential arithmetic (no SIMD, no
/// threads), so the same samples give bit-identical weights on every run. Weights are rounded as the head file
/// stores them, so what is evaluated here is exactly what ships.
/// </summary>
internal static class HeadTrainer
{
    public sealed record Options(int Epochs = 300, double LearningRate = 0.05, double L2 = 1e-4);

    public static CategoryHead Train(string encoder, IReadOnlyList<string> categories, IReadOnlyList<EmbeddingSet.Sample> samples, Options options)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var n = samples.Count;
        var d = samples[0].Embedding.Length;
        var c = categories.Count;
        var labels = new bool[n, c];
        var positives = new int[c];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < c; k++)
            {
                labels[i, k] = samples[i].Categories.Contains(categories[k], StringComparer.Ordinal);
                positives[k] += labels[i, k] ? 1 : 0;
            }
        }

        // Class balance per category: positives and negatives weigh the same in total.
        var wPos = new double[c];
        var wNeg = new double[c];
        for (var k = 0; k < c; k++)
        {
            wPos[k] = positives[k] == 0 ? 0 : n / (2.0 * positives[k]);
            wNeg[k] = n / (2.0 * Math.Max(1, n - positives[k]));
        }

        var w = new double[c * (d + 1)]; // per category: d weights then the bias
        var m = new double[w.Length];
        var v = new double[w.Length];
        var grad = new double[w.Length];
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            Array.Clear(grad);
            for (var i = 0; i < n; i++)
            {
                var x = samples[i].Embedding;
                for (var k = 0; k < c; k++)
                {
                    var offset = k * (d + 1);
                    var z = w[offset + d];
                    for (var j = 0; j < d; j++)
                    {
                        z += w[offset + j] * x[j];
                    }

                    var p = HeadLayer.Sigmoid(z);
                    var g = labels[i, k] ? wPos[k] * (p - 1) : wNeg[k] * p;
                    for (var j = 0; j < d; j++)
                    {
                        grad[offset + j] += g * x[j];
                    }

                    grad[offset + d] += g;
                }
            }

            var correction1 = 1 - Math.Pow(beta1, epoch);
            var correction2 = 1 - Math.Pow(beta2, epoch);
            for (var q = 0; q < w.Length; q++)
            {
                var isBias = q % (d + 1) == d;
                var gq = (grad[q] / n) + (isBias ? 0 : options.L2 * w[q]);
                m[q] = (beta1 * m[q]) + ((1 - beta1) * gq);
                v[q] = (beta2 * v[q]) + ((1 - beta2) * gq * gq);
                w[q] -= options.LearningRate * (m[q] / correction1) / (Math.Sqrt(v[q] / correction2) + eps);
            }
        }

        var weights = new double[c * d];
        var bias = new double[c];
        for (var k = 0; k < c; k++)
        {
            for (var j = 0; j < d; j++)
            {
                weights[(k * d) + j] = Round(w[(k * (d + 1)) + j]);
            }

            bias[k] = Round(w[(k * (d + 1)) + d]);
        }

        return new CategoryHead(encoder, categories, [new HeadLayer(d, c, weights, bias, HeadActivation.Sigmoid)]);
    }

    private static double Round(double value) => double.Parse(HeadFile.Number(value), System.Globalization.CultureInfo.InvariantCulture);
}
