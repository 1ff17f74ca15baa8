using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Load.Targets;

/// <summary>The tenants files the scenarios run Guardrail with.</summary>
internal static class TenantsFiles
{
    /// <summary>The API key the limit scenarios' client sends (it is hashed into the tenants file, as in production).</summary>
    public const string LoadKey = "sk-guardrail-load-scenario";

    /// <summary>
    /// No limits and no strikes: one load generator is one client sending thousands of requests a second, and the
    /// CBRN-heavy mix would lock it out after five refusals.
    /// </summary>
    public const string Unlimited = """
        defaults: { requests_per_minute: unlimited, concurrent_requests: unlimited, input_tokens_per_minute: unlimited }
        anonymous: { requests_per_minute: unlimited, concurrent_requests: unlimited, input_tokens_per_minute: unlimited }
        strikes: { enabled: false }
        tenants: {}
        """;

    /// <summary>One tenant, keyed, with the given limits (YAML flow mapping body, e.g. <c>concurrent_requests: 8</c>); strikes off.</summary>
    public static string Limited(string limits) => string.Create(CultureInfo.InvariantCulture, $$"""
        anonymous: { requests_per_minute: unlimited, concurrent_requests: unlimited, input_tokens_per_minute: unlimited }
        strikes: { enabled: false }
        store: { on_unavailable: closed }
        tenants:
          load:
            keys: [{{Hash(LoadKey)}}]
            limits: { {{limits}} }
        """);

    /// <summary>The tenants file's form of a key: <c>sha256:</c> and the lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
