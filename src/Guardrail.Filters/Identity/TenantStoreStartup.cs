using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Identity;

/// <summary>Loads the tenants file when the host starts; an invalid file stops the host with every located error.</summary>
internal sealed class TenantStoreStartup(TenantStore store) : StoreStartup("tenants file", store.Initialize);
