using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Health;

/// <summary>
/// Whether the policies can serve: a default policy is loaded and every model its policies use (the sentence encoder,
/// operator models) has finished loading in the background. One rule for the host's <c>/readyz</c> and the health
/// check a host adds with <see cref="GuardrailHealthChecksBuilderExtensions.AddGuardrailCheck"/>.
/// </summary>
internal readonly record struct GuardrailReadiness(bool Ready, string? Reason)
{
    public static GuardrailReadiness Of(PolicyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.IsReady)
        {
            return new(false, null);
        }

        // A model that failed to load keeps the proxy not ready, with the reason.
        return store.Current.ByName.Values.FirstOrDefault(p => !p.ModelsReady) is { } loading
            ? new(false, loading.ModelError is { } error ? $"policy {loading.Name}: {error}" : $"policy {loading.Name}: models loading")
            : new(true, null);
    }
}
