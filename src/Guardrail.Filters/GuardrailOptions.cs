namespace Guardrail.Filters;

/// <summary>Options for <see cref="GuardrailReverseProxyBuilderExtensions.AddGuardrails"/>.</summary>
public sealed class GuardrailOptions
{
    /// <summary>A policy file, or a directory whose <c>*.yaml</c> files are policies. Reloaded on change.</summary>
    public string PolicyPath { get; set; } = "policies";
}
