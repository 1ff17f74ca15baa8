namespace Guardrail.Training;

/// <summary>
/// One agent family of the corpus: its group id, the intent family of <see cref="CorpusVocabulary.Intents"/> that
/// applies, its policy categories, and its names (the first is canonical, written into generated requests).
/// <see cref="Generic"/> marks a class word rather than an agent ("a nerve agent", "a bioweapon"): it occurs in
/// requests of every agent, so grouped cross-validation does not hold it out as a group of its own.
/// </summary>
internal sealed record CorpusAgent(string Family, string Intents, string[] Categories, string[] Names, bool Generic = false)
{
    public string Name => Names[0];

    /// <summary>The category a row about this agent is filed under (its first).</summary>
    public string Topic => Categories[0];
}
