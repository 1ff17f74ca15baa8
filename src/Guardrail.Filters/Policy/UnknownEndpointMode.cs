namespace Guardrail.Filters.Policy;

/// <summary>What a guarded route does with a write to an endpoint no adapter understands, or a body it cannot parse.</summary>
internal enum UnknownEndpointMode
{
    /// <summary>Refuse with an API-shaped error (the default).</summary>
    Deny,
    /// <summary>Forward unscreened (for routes that serve non-model traffic too).</summary>
    PassThrough,
}
