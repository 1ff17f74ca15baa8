using System.Runtime.Intrinsics;
using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training;

/// <summary>
/// Trains the shipped head: one hidden ReLU layer and one sigmoid output per category, on the multi-label log loss,
/// with mini-batch Adam and weight decay. Reproducible to the bit: weights start from <see cref="SplitMix64"/>, batches
/// follow a seeded shuffle, and all arithmetic is single-threaded in a fixed order, vectorised only with fixed-width
/// 128-bit vectors and separate multiply and add (no fused multiply-add), which round identically on every x64 and
/// Arm machine. The weights are rounded as the head file stores them, so what is evaluated is exactly what ships.
/// </summary>
internal static class MlpTrainer
{
    /// <param name="PositiveWeight">Weight of a positive label in the loss: missing a weapons request costs more than a false alarm.</param>
    public sealed record Options(int Hidden = 64, int Epochs = 60, int BatchSize = 128, float LearningRate = 1e-3f, float WeightDecay = 1e-4f, ulong Seed = 1, float PositiveWeight = 2f);

    public static CategoryHead Train(string encoder, IReadOnlyList<string> categories, IReadOnlyList<EmbeddingSet.Sample> samples, Options options)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var n = samples.Count;
        var d = samples[0].Embedding.Length;
        var h = options.Hidden;
        var c = categories.Count;
        if (d % 4 != 0 || h % 4 != 0)
        {
            throw new ArgumentException("embedding and hidden widths must be multiples of 4", nameof(options));
        }

        var y = new float[n * c];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < c; k++)
            {
                y[(i * c) + k] = samples[i].Categories.Contains(categories[k], StringComparer.Ordinal) ? 1 : 0;
            }
        }

        var rng = new SplitMix64(options.Seed);
        var w1 = Init(rng, h * d, d, h);
        var b1 = new float[h];
        var w2 = Init(rng, c * h, h, c);
        var b2 = new float[c];
        var parameters = new[] { w1, b1, w2, b2 };
        var grads = parameters.Select(p => new float[p.Length]).ToArray();
        var m = parameters.Select(p => new float[p.Length]).ToArray();
        var v = parameters.Select(p => new float[p.Length]).ToArray();

        var order = Enumerable.Range(0, n).ToArray();
        var z1 = new float[h];
        var a1 = new float[h];
        var dz1 = new float[h];
        var step = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (var i = n - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (var start = 0; start < n; start += options.BatchSize)
            {
                var end = Math.Min(n, start + options.BatchSize);
                foreach (var g in grads)
                {
                    Array.Clear(g);
                }

                for (var s = start; s < end; s++)
                {
                    var x = samples[order[s]].Embedding;
                    for (var u = 0; u < h; u++)
                    {
                        z1[u] = Dot(w1.AsSpan(u * d, d), x) + b1[u];
                        a1[u] = z1[u] > 0 ? z1[u] : 0;
                    }

                    Array.Clear(dz1);
                    for (var k = 0; k < c; k++)
                    {
                        var z2 = Dot(w2.AsSpan(k * h, h), a1) + b2[k];
                        var label = y[(order[s] * c) + k];
                        var dz2 = ((float)HeadLayer.Sigmoid(z2) - label) * (label > 0 ? options.PositiveWeight : 1f);
                        grads[3][k] += dz2;
                        AddScaled(grads[2].AsSpan(k * h, h), a1, dz2);
                        AddScaled(dz1, w2.AsSpan(k * h, h), dz2);
                    }

                    for (var u = 0; u < h; u++)
                    {
                        if (z1[u] <= 0 || dz1[u] == 0)
                        {
                            continue;
                        }

                        grads[1][u] += dz1[u];
                        AddScaled(grads[0].AsSpan(u * d, d), x, dz1[u]);
                    }
                }

                step++;
                var scale = 1f / (end - start);
                for (var p = 0; p < parameters.Length; p++)
                {
                    Adam(parameters[p], grads[p], m[p], v[p], scale, step, options, decay: p is 0 or 2);
                }
            }
        }

        return new CategoryHead(encoder, categories,
        [
            new HeadLayer(d, h, Rounded(w1), Rounded(b1), HeadActivation.Relu),
            new HeadLayer(h, c, Rounded(w2), Rounded(b2), HeadActivation.Sigmoid),
        ]);
    }

    private static float[] Init(SplitMix64 rng, int count, int fanIn, int fanOut)
    {
        // Glorot uniform.
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        var w = new float[count];
        for (var i = 0; i < count; i++)
        {
            w[i] = (float)(((rng.NextDouble() * 2) - 1) * limit);
        }

        return w;
    }

    private static void Adam(float[] w, float[] g, float[] m, float[] v, float scale, int step, Options o, bool decay)
    {
        const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
        var c1 = 1 - MathF.Pow(beta1, step);
        var c2 = 1 - MathF.Pow(beta2, step);
        for (var i = 0; i < w.Length; i++)
        {
            var gi = (g[i] * scale) + (decay ? o.WeightDecay * w[i] : 0);
            m[i] = (beta1 * m[i]) + ((1 - beta1) * gi);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * gi * gi);
            w[i] -= o.LearningRate * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
        }
    }

    /// <summary>Dot product in a fixed order: four lanes, then lanes 0+1 and 2+3, then their sum.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = Vector128<float>.Zero;
        for (var i = 0; i < a.Length; i += 4)
        {
            acc += Vector128.Create(a.Slice(i, 4)) * Vector128.Create(b.Slice(i, 4));
        }

        return (acc[0] + acc[1]) + (acc[2] + acc[3]);
    }

    private static void AddScaled(Span<float> target, ReadOnlySpan<float> x, float factor)
    {
        var f = Vector128.Create(factor);
        for (var i = 0; i < target.Length; i += 4)
        {
            (Vector128.Create((ReadOnlySpan<float>)target.Slice(i, 4)) + (Vector128.Create(x.Slice(i, 4)) * f)).CopyTo(target.Slice(i, 4));
        }
    }

    private static double[] Rounded(float[] values) =>
        [.. values.Select(v => double.Parse(HeadFile.Number(v), System.Globalization.CultureInfo.InvariantCulture))];
}
