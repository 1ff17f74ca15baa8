namespace Guardrail.Training;

/// <summary>A topic of the synthetic corpus: its text in a sentence, its categories and which intent family applies.</summary>
internal sealed record CorpusTopic(string Text, string[] Categories, string Family);
