namespace Guardrail.Filters.Adapters;

/// <summary>Where in a request or response a piece of text came from. Logged (never the text itself).</summary>
internal enum TextOrigin
{
    /// <summary>System or developer prompt, Anthropic <c>system</c>, Responses <c>instructions</c>.</summary>
    System,
    /// <summary>A user turn or a legacy completions prompt.</summary>
    User,
    /// <summary>An assistant turn in the request history (clients can forge these) or a model's output.</summary>
    Assistant,
    /// <summary>Tool-call arguments (OpenAI <c>function.arguments</c>, Anthropic <c>tool_use.input</c>).</summary>
    ToolCall,
    /// <summary>A tool result fed back to the model.</summary>
    ToolResult,
    /// <summary>Reasoning or thinking text.</summary>
    Reasoning,
    /// <summary>Any other text-bearing field (names, metadata the model sees).</summary>
    Other,
}
