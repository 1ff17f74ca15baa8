namespace Guardrail.Filters.Streaming;

/// <summary>What a piece of generated text is.</summary>
internal enum StreamDeltaKind
{
    /// <summary>Answer text the user reads (also refusal text and audio transcripts).</summary>
    Text,

    /// <summary>Tool or function call arguments (partial JSON) and other text the model writes for a tool.</summary>
    ToolArguments,

    /// <summary>Reasoning, thinking or reasoning-summary text.</summary>
    Reasoning,
}
