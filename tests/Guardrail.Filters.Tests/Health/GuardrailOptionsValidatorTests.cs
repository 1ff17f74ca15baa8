using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrail.Filters.Tests.Health;

/// <summary><see cref="GuardrailOptions"/> are checked when the host starts, by the option's name.</summary>
public sealed class GuardrailOptionsValidatorTests
{
    [Fact]
    public void DefaultOptions_AreValid()
    {
        var result = new GuardrailOptionsValidator().Validate(Options.DefaultName, new GuardrailOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void EmptyPolicyPathAndNoCache_FailWithBothOptionNames()
    {
        var result = new GuardrailOptionsValidator().Validate(Options.DefaultName, new GuardrailOptions { PolicyPath = " ", VerdictCacheEntries = 0 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(nameof(GuardrailOptions.PolicyPath), StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("VerdictCacheEntries must be at least 1 (is 0)", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGuardrails_ValidatesOnStart()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddReverseProxy().AddGuardrails(o => o.VerdictCacheEntries = -1);
        using var provider = services.BuildServiceProvider();

        // What the host runs before any hosted service (the policy store's start-up included).
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("VerdictCacheEntries must be at least 1 (is -1)", error.Message, StringComparison.Ordinal);
    }
}
