namespace Guardrail.Filters.Identity;

/// <summary>YARP route <c>Metadata</c> keys for client identity and upstream credentials.</summary>
public static class AccessMetadata
{
    /// <summary>
    /// <c>"true"</c>: clients without a known API key are served, each client address (from the connection, or
    /// from <c>X-Forwarded-For</c> of a trusted proxy) held to the tenants file's <c>anonymous</c> limits.
    /// Otherwise an unknown or missing key is answered 401.
    /// </summary>
    public const string Anonymous = "guardrail-anonymous";

    /// <summary>
    /// The configuration key (an environment variable name such as <c>OPENAI_API_KEY</c> works, since environment
    /// variables are configuration) holding the provider key the proxy sends upstream for this route.
    /// </summary>
    public const string UpstreamKey = "guardrail-upstream-key";

    /// <summary>How the upstream key is sent: <c>bearer</c> (<c>Authorization: Bearer</c>, OpenAI family) or
    /// <c>x-api-key</c> (Anthropic). Default: by the API of the request path.</summary>
    public const string UpstreamAuth = "guardrail-upstream-auth";
}
