namespace Guardrail.Proxy.Tests.Clients;

/// <summary>An error a Node SDK threw: its class, and for an <c>APIError</c> the HTTP status and the provider's code/type.</summary>
public sealed record NodeCaseError
{
    public string? Name { get; init; }

    public int? Status { get; init; }

    public string? Code { get; init; }

    public string? Type { get; init; }

    public string? Message { get; init; }
}
