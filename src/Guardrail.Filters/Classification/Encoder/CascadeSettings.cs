namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// The learned tiers of a policy and when the lexical tier escalates to them (the <c>classifiers.cascade</c>,
/// <c>classifiers.encoder</c> and <c>classifiers.models</c> sections).
/// </summary>
internal sealed record CascadeSettings
{
    /// <summary>No learned tier: the lexical tier decides alone.</summary>
    public static CascadeSettings None { get; } = new();

    /// <summary>The shipped encoder and any operator models, in policy order.</summary>
    public IReadOnlyList<IModelTier> Tiers { get; init; } = [];

    /// <summary>A text whose highest lexical score reaches this goes to the model tiers.</summary>
    public double EscalateAt { get; init; } = 0.15;

    /// <summary>Whether any CBRN vocabulary (a lexicon anchor) also escalates a text, whatever its lexical score.</summary>
    public bool EscalateOnVocabulary { get; init; } = true;

    /// <summary>Model runs allowed at once in the process (each uses its session's intra-op threads).</summary>
    public int MaxConcurrency { get; init; } = 2;

    /// <summary>How lexical and model scores of an escalated text combine.</summary>
    public CascadeCombine Combine { get; init; } = CascadeCombine.Models;

    /// <summary>With <see cref="CascadeCombine.Models"/>: a lexical score that still counts on an escalated text.</summary>
    public double LexicalFinal { get; init; } = 0.7;

    /// <summary>What an escalated text in a language the model tiers cannot read gets (<see cref="Languages"/>).</summary>
    public UnreadableLanguageAction UnreadableLanguages { get; init; } = UnreadableLanguageAction.Lexical;

    /// <summary>Tells the languages the model tiers read (<c>model_languages</c>) from the others.</summary>
    public LanguageGate Languages { get; init; } = LanguageGate.English;

    public bool Enabled => Tiers.Count > 0;

    /// <summary>
    /// True when every model of the cascade is loaded, and so is the language detector that keeps text the models cannot
    /// read from them (readiness): before it is, the screen waits for it on such texts.
    /// </summary>
    public bool ModelsReady => Tiers.All(t => t.Model.IsLoaded) && (!Enabled || UnreadableLanguages == UnreadableLanguageAction.Models || Languages.IsLoaded);

    /// <summary>The first model load error, or null.</summary>
    public string? ModelError => Tiers.Select(t => t.Model.Error).FirstOrDefault(e => e is not null);

    /// <summary>Whether a text with these lexical results goes to the model tiers.</summary>
    public bool Escalates(double lexicalMax, bool vocabulary) =>
        Enabled && (lexicalMax >= EscalateAt || (EscalateOnVocabulary && vocabulary));
}
