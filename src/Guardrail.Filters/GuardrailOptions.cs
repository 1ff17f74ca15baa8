namespace Guardrail.Filters;

/// <summary>Options for <see cref="GuardrailReverseProxyBuilderExtensions.AddGuardrails"/>.</summary>
public sealed class GuardrailOptions
{
    /// <summary>A policy file, or a directory whose <c>*.yaml</c> files are policies. Reloaded on change.</summary>
    public string PolicyPath { get; set; } = "policies";

    /// <summary>
    /// Most verdicts the model tiers keep (by hash of the normalised text of a message, a joined conversation or one
    /// window of a long text). About half a kilobyte each.
    /// </summary>
    public int VerdictCacheEntries { get; set; } = 20_000;
}
