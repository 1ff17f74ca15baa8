namespace Guardrail.Proxy.Training;

/// <summary>
/// One agent family of the corpus: its group id, the intent family of <see cref="CorpusVocabulary.Intents"/> that
/// applies, its policy categories, and its names (the first is canonical, written into generated requests).
/// </summary>
internal sealed record CorpusAgent(string Family, string Intents, string[] Categories, string[] Names)
{
    public string Name => Names[0];

    /// <summary>The category a row about this agent is filed under (its first).</summary>
    public string Topic => Categories[0];
}
