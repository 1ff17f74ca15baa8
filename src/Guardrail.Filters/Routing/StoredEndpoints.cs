namespace Guardrail.Filters.Routing;

/// <summary>
/// The provider endpoints that return stored or deferred answers. Each is off unless a policy turns it on
/// (<c>endpoints:</c> in the policy file); when on, the answer is read back through the output screen.
/// </summary>
internal sealed record StoredEndpoints
{
    /// <summary>All off: the default.</summary>
    public static StoredEndpoints None { get; } = new();

    /// <summary><c>GET …/v1/chat/completions/{id}</c>: a stored chat completion, screened like a non-streamed answer.</summary>
    public bool RetrieveChatCompletions { get; init; }

    /// <summary><c>GET …/v1/responses/{id}</c> (also <c>?stream=true</c>): a stored response, screened like an answer.</summary>
    public bool RetrieveResponses { get; init; }

    /// <summary>
    /// <c>POST …/v1/responses</c> with <c>background: true</c>. Its answer arrives later by polling, so turning it on
    /// is useful only with <see cref="RetrieveResponses"/>, which screens what the poll returns.
    /// </summary>
    public bool BackgroundResponses { get; init; }
}
