namespace Guardrail.Filters.Adapters;

/// <summary>Which provider's conventions an endpoint follows for errors, refusals and stop signals.</summary>
internal enum ApiFamily
{
    /// <summary>OpenAI and OpenAI-compatible servers (vLLM, TGI, Ollama's /v1).</summary>
    OpenAI,
    /// <summary>Anthropic Messages.</summary>
    Anthropic,
}
