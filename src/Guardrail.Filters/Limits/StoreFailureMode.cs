namespace Guardrail.Filters.Limits;

/// <summary>What the proxy does while the shared limit store (Redis) cannot be reached.</summary>
internal enum StoreFailureMode
{
    /// <summary>Hold clients to the same limits with this instance's own counters (each instance alone).</summary>
    Local,
    /// <summary>Refuse requests with an API-shaped 503 until the store is back.</summary>
    Closed,
}
