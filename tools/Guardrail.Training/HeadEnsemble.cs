using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training;

/// <summary>
/// The average of a one-hidden-layer head's and a logistic-regression head's logits, written as one head of the same
/// file format: the linear logit z = w·x + c becomes two extra hidden units ReLU(z) and ReLU(-z), whose difference is
/// z again, so the combined network computes exactly ½(z_mlp + z_lr) per category.
/// </summary>
internal static class HeadEnsemble
{
    public static CategoryHead Average(CategoryHead mlp, CategoryHead linear)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        ArgumentNullException.ThrowIfNull(linear);
        if (mlp.Layers.Count != 2 || linear.Layers.Count != 1 || mlp.Dimension != linear.Dimension || mlp.Categories.Count != linear.Categories.Count)
        {
            throw new ArgumentException("expected a two-layer and a one-layer head over the same embeddings and categories");
        }

        var (hidden, output) = (mlp.Layers[0], mlp.Layers[1]);
        var lr = linear.Layers[0];
        var d = mlp.Dimension;
        var h = hidden.Outputs;
        var c = mlp.Categories.Count;
        var width = h + (2 * c);
        var w1 = new double[width * d];
        var b1 = new double[width];
        Array.Copy(hidden.Weights, w1, h * d);
        Array.Copy(hidden.Bias, b1, h);
        for (var k = 0; k < c; k++)
        {
            for (var j = 0; j < d; j++)
            {
                w1[((h + k) * d) + j] = lr.Weights[(k * d) + j];
                w1[((h + c + k) * d) + j] = -lr.Weights[(k * d) + j];
            }

            b1[h + k] = lr.Bias[k];
            b1[h + c + k] = -lr.Bias[k];
        }

        var w2 = new double[c * width];
        var b2 = new double[c];
        for (var k = 0; k < c; k++)
        {
            for (var u = 0; u < h; u++)
            {
                w2[(k * width) + u] = 0.5 * output.Weights[(k * h) + u];
            }

            w2[(k * width) + h + k] = 0.5;
            w2[(k * width) + h + c + k] = -0.5;
            b2[k] = 0.5 * output.Bias[k];
        }

        return new CategoryHead(mlp.Encoder, mlp.Categories,
        [
            new HeadLayer(d, width, Rounded(w1), Rounded(b1), HeadActivation.Relu),
            new HeadLayer(width, c, Rounded(w2), Rounded(b2), HeadActivation.Sigmoid),
        ]);
    }

    private static double[] Rounded(double[] values) =>
        [.. values.Select(v => double.Parse(HeadFile.Number(v), System.Globalization.CultureInfo.InvariantCulture))];
}
