namespace Guardrail.Training;

/// <summary>What grouped cross-validation holds out together: every row of one group is in the same test fold.</summary>
internal enum CvScheme
{
    /// <summary>Agent families (<see cref="CorpusAgents"/>): a fold's agents are never seen in its training.</summary>
    Agents,

    /// <summary>Frame families (direct, past, persona, rule list, multi-turn, ...).</summary>
    Frames,

    /// <summary>Benchmark sources of the development data (AILuminate, harmfulqa, AdvBench, ...); generated rows always train.</summary>
    Sources,
}
