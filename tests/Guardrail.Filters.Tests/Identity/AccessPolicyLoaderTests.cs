using System.Text;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Limits;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Identity;

public sealed class AccessPolicyLoaderTests
{
    private const string File = "/tmp/tenants.yaml";

    private static (AccessPolicy? Policy, IReadOnlyList<Guardrail.Filters.Policy.PolicyError> Errors) Load(string yaml) =>
        AccessPolicyLoader.Load(File, Encoding.UTF8.GetBytes(yaml));

    [Fact]
    public void FullFile_LoadsTenantsWithDefaultsRouteAndModelLimits()
    {
        var yaml = $"""
            defaults:
              requests_per_minute: 100
              output_tokens_per_day: 5000
            anonymous:
              requests_per_minute: 7
            trusted_proxies: [10.0.0.0/8, 192.0.2.5]
            strikes: {"{"} window_seconds: 60, slow_down_after: 2, lockout_after: 4, lockout_seconds: 30, lockout_status: 403 {"}"}
            store: {"{"} on_unavailable: closed {"}"}
            egress: {"{"} insert_max_tokens_up_to: 512 {"}"}
            tenants:
              acme:
                keys: [{TenantsYaml.Hash("sk-one")}, {TenantsYaml.Hash("sk-two")}]
                limits: {"{"} requests_per_minute: 20, output_tokens_per_day: unlimited {"}"}
                routes:
                  openai: {"{"} concurrent_requests: 2 {"}"}
                models:
                  gpt-4o: {"{"} output_tokens_per_minute: 300 {"}"}
            """;

        var (policy, errors) = Load(yaml);

        Assert.Empty(errors);
        Assert.NotNull(policy);
        var acme = policy.ByKey[ApiKeyHash.Compute("sk-one")];
        Assert.Same(acme, policy.ByKey[ApiKeyHash.Compute("sk-two")]);
        Assert.Equal("acme", acme.Name);
        Assert.Equal(20, acme.Limits.RequestsPerMinute);
        Assert.Null(acme.Limits.OutputTokensPerDay); // "unlimited" overrides the default
        Assert.Equal(2, acme.Routes["openai"].ConcurrentRequests);
        Assert.Equal(300, acme.Models["gpt-4o"].OutputTokensPerMinute);
        Assert.Equal(7, policy.Anonymous.RequestsPerMinute);
        Assert.Equal(StoreFailureMode.Closed, policy.OnStoreUnavailable);
        Assert.Equal(512, policy.InsertMaxTokensUpTo);
        Assert.Equal(403, policy.Strikes.LockoutStatus);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.Strikes.Window);
        Assert.True(policy.TrustedProxies.Contains(System.Net.IPAddress.Parse("10.1.2.3")));
        Assert.True(policy.TrustedProxies.Contains(System.Net.IPAddress.Parse("192.0.2.5")));
        Assert.False(policy.TrustedProxies.Contains(System.Net.IPAddress.Parse("192.0.2.6")));
    }

    [Fact]
    public void TenantWithoutOwnLimits_GetsTheDefaults()
    {
        var yaml = $"""
            defaults: {"{"} requests_per_minute: 42 {"}"}
            tenants:
              bare:
                keys: [{TenantsYaml.Hash("sk-bare")}]
            """;

        var (policy, errors) = Load(yaml);

        Assert.Empty(errors);
        Assert.Equal(42, policy!.ByKey[ApiKeyHash.Compute("sk-bare")].Limits.RequestsPerMinute);
    }

    [Fact]
    public void PlainKeyInsteadOfHash_IsRejectedWithLocation()
    {
        var yaml = """
            tenants:
              acme:
                keys: [sk-live-plaintext]
            """;

        var (policy, errors) = Load(yaml);

        Assert.Null(policy);
        var error = Assert.Single(errors);
        Assert.Equal("tenants.acme.keys[0]", error.Field);
        Assert.Equal(3, error.Line);
        Assert.Contains("hash-key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-plaintext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameKeyForTwoTenants_IsRejected()
    {
        var hash = TenantsYaml.Hash("sk-shared");
        var yaml = $"""
            tenants:
              one: {"{"} keys: [{hash}] {"}"}
              two: {"{"} keys: [{hash}] {"}"}
            """;

        var (policy, errors) = Load(yaml);

        Assert.Null(policy);
        Assert.Contains(errors, e => e.Field == "tenants.two.keys[0]" && e.Message.Contains("'one'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("defaults: { requests_per_minute: 5 }\n---\nanonymous: {}\n", 3, "a tenants file holds one YAML document; found 2")]
    [InlineData("defaults: { requests_per_minute: 5\n", 2, "YAML syntax error")]
    [InlineData("", 0, "the file is empty")]
    [InlineData("~\n", 0, "the file is empty")]
    public void MalformedDocument_IsReportedWhereItBreaks(string yaml, int line, string message)
    {
        var (policy, errors) = Load(yaml);

        Assert.Null(policy);
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("defaults: { requests_per_minut: 5 }", "defaults.requests_per_minut")]
    [InlineData("defaults: { requests_per_minute: 0 }", "defaults.requests_per_minute")]
    [InlineData("defaults: { requests_per_minute: lots }", "defaults.requests_per_minute")]
    [InlineData("trusted_proxies: [not-an-address]", "trusted_proxies[0]")]
    [InlineData("strikes: { lockout_status: 404 }", "strikes.lockout_status")]
    [InlineData("store: { on_unavailable: maybe }", "store.on_unavailable")]
    [InlineData("tenants: { Bad_Name: { keys: [] } }", "tenants")]
    public void InvalidField_IsReportedByPath(string yaml, string field)
    {
        var (policy, errors) = Load(yaml);

        Assert.Null(policy);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void ShippedTenantsFile_IsValid()
    {
        var path = Path.Combine(RepoPaths.Root, "policies", "tenants", "tenants.yaml");

        var (policy, errors) = AccessPolicyLoader.Load(path);

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Empty(policy.Tenants); // no key ships with the product
        Assert.False(policy.Anonymous.LimitsOutput); // anonymous answers pass byte for byte (no clamp)
    }
}
