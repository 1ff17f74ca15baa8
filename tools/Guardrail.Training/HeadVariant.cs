using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Training;

/// <summary>A head recipe compared by cross-validation: its name and how it trains on a set of window embeddings.</summary>
internal sealed record HeadVariant(string Name, string Description, Func<IReadOnlyList<EmbeddingSet.Sample>, CategoryHead> Train)
{
    /// <summary>The recipes <c>--cv-models</c> can name: <c>mlp</c> (the options' network), <c>lr</c> (class-balanced logistic regression) and <c>ensemble</c> (their average, <see cref="HeadEnsemble"/>).</summary>
    public static (HeadVariant? Variant, string? Error) Named(string name, string encoder, TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return name switch
        {
            "mlp" => (new HeadVariant("mlp", $"384 → {options.Hidden} ReLU → 4 sigmoids, {options.Epochs} epochs, positive weight {options.PositiveWeight}",
                s => HeadTraining.TrainHead(encoder, s, options with { Hidden = options.Hidden == 0 ? 64 : options.Hidden })), null),
            "lr" => (new HeadVariant("lr", "logistic regression per category (class-balanced log loss, L2 1e-4, 300 full-batch Adam steps)",
                s => HeadTrainer.Train(encoder, LabeledData.AllCategories, s, new HeadTrainer.Options())), null),
            "ensemble" => (new HeadVariant("ensemble", $"average of the mlp and lr logits ({options.Hidden} + 8 hidden units)",
                s => HeadEnsemble.Average(
                    HeadTraining.TrainHead(encoder, s, options with { Hidden = options.Hidden == 0 ? 64 : options.Hidden }),
                    HeadTrainer.Train(encoder, LabeledData.AllCategories, s, new HeadTrainer.Options()))), null),
            _ => (null, $"unknown head recipe '{name}' (mlp, lr, ensemble)"),
        };
    }
}
