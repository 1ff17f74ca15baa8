using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// What the model tiers share for one screening call: the process's verdict cache and inference gate, the calling
/// policy's concurrency limit, the lexical test that picks which windows of a long text are worth a model run, and
/// the metrics.
/// </summary>
/// <param name="Cache">Verdicts by text and by window, or null for none.</param>
/// <param name="Gate">The process-wide limiter in front of model runs.</param>
/// <param name="MaxConcurrency">The policy's limit on concurrent runs.</param>
/// <param name="ChunkGate">
/// For the text of one window of a long text: a negative value when it carries nothing that escalates a text (no CBRN
/// vocabulary, lexical score under the escalation threshold), otherwise its priority (the lexical score). Null keeps
/// every window.
/// </param>
/// <param name="Metrics">Where model run times go, or null.</param>
internal sealed record TierRuntime(VerdictCache? Cache, InferenceGate Gate, int MaxConcurrency, Func<string, double>? ChunkGate, GuardrailMetrics? Metrics)
{
    /// <summary>
    /// Lexical score a single sentence needs to be judged on its own as well (a focus window); vocabulary alone is not
    /// enough, or every option of a multiple-choice safety question would be read out of context.
    /// </summary>
    public double FocusAt { get; init; } = 0.15;
}
