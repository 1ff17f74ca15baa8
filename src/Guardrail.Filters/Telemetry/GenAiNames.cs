namespace Guardrail.Filters.Telemetry;

/// <summary>
/// The GenAI semantic conventions' <c>gen_ai.operation.name</c> and <c>gen_ai.provider.name</c> for an adapter: a
/// fixed handful of values, so the <c>gen_ai.*</c> metrics stay low-cardinality (the client-chosen model is not a label).
/// </summary>
internal static class GenAiNames
{
    public static string Operation(string adapter) => adapter switch
    {
        "openai.chat" or "anthropic.messages" or "openai.responses" => "chat",
        "openai.completions" => "text_completion",
        "openai.embeddings" => "embeddings",
        "anthropic.count_tokens" => "count_tokens",
        _ => "other",
    };

    public static string Provider(string adapter) => adapter.StartsWith("anthropic.", StringComparison.Ordinal) ? "anthropic" : "openai";
}
