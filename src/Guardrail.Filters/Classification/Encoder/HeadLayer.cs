namespace Guardrail.Filters.Classification.Encoder;

/// <summary>One dense layer: <c>activation(W x + b)</c>, with <see cref="Weights"/> stored row-major [outputs, inputs].</summary>
internal sealed record HeadLayer(int Inputs, int Outputs, double[] Weights, double[] Bias, HeadActivation Activation)
{
    public void Apply(ReadOnlySpan<double> input, Span<double> output)
    {
        for (var o = 0; o < Outputs; o++)
        {
            var row = Weights.AsSpan(o * Inputs, Inputs);
            var sum = Bias[o];
            for (var i = 0; i < Inputs; i++)
            {
                sum += row[i] * input[i];
            }

            output[o] = Activation == HeadActivation.Relu ? Math.Max(0, sum) : Sigmoid(sum);
        }
    }

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
