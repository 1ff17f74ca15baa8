namespace Guardrail.Filters;

/// <summary>YARP route <c>Metadata</c> keys Guardrail reads.</summary>
public static class GuardrailMetadata
{
    /// <summary>
    /// The policy that screens the route (a policy's <c>name</c>). Routes without it use the default policy: a route
    /// is never unguarded by omission. The value <see cref="Unguarded"/> turns screening off for that route.
    /// </summary>
    public const string PolicyKey = "guardrail-policy";

    /// <summary>The <see cref="PolicyKey"/> value that turns screening off for a route (health checks, static assets).</summary>
    public const string Unguarded = "none";
}
