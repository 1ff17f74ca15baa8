namespace Guardrail.Filters.Classification.Encoder;

/// <summary>How the lexical tier's scores and the model tiers' scores of an escalated text combine.</summary>
internal enum CascadeCombine
{
    /// <summary>
    /// The model tiers decide an escalated text: its lexical scores count only at or above
    /// <see cref="CascadeSettings.LexicalFinal"/> (an unmistakable request), so the models can clear the word list's
    /// false alarms on history, medicine, safety and policy questions.
    /// </summary>
    Models,

    /// <summary>Every tier can block on its own (the models only add recall).</summary>
    Max,
}
