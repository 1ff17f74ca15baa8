using Guardrail.Filters.Identity;

namespace Guardrail.Filters.Tests.Identity;

/// <summary>Tenants files for tests.</summary>
internal static class TenantsYaml
{
    public static string Hash(string key) => ApiKeyHash.Compute(key).ToString();

    /// <summary>One tenant <c>acme</c> with key <c>sk-acme</c> and the given limits block (YAML, two-space indented under limits).</summary>
    public static string OneTenant(string limits = "requests_per_minute: 10") => $"""
        tenants:
          acme:
            keys: [{Hash("sk-acme")}]
            limits: {"{"} {limits} {"}"}
        """;
}
