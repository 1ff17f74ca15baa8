namespace Guardrail.Filters.Policy;

/// <summary>Loads the policies when the host starts; invalid policies stop the host with every located error.</summary>
internal sealed class PolicyStoreStartup(PolicyStore store) : StoreStartup("policies", store.Initialize);
