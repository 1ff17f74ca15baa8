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

    /// <summary>
    /// Any other string the upstream sent: unknown fields, metadata (ids, model), final-event copies of the text,
    /// error messages, logprobs, server-tool results, property names, SSE comment and <c>id:</c> lines. Found by the
    /// structural sweep, not by the API's field list, so nothing the client can read goes unjudged.
    /// </summary>
    Other,
}
