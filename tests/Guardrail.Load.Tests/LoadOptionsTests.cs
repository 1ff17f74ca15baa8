using Guardrail.Load.Engine;

namespace Guardrail.Load.Tests;

public sealed class LoadOptionsTests
{
    [Fact]
    public void DoneWhenCommandLine_ParsesToAThreeWayOpenModelRun()
    {
        var (options, error) = LoadOptions.Parse(["--scenario", "benign-chat", "--rate", "500", "--duration", "30s", "--compare"]);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.True(options.Compare);
        var plan = Assert.Single(ScenarioPlan.From(options));
        Assert.True(plan.Compare);
        Assert.Equal(InjectionKind.ConstantRate, plan.Injection.Kind);
        Assert.Equal(500, plan.Injection.Rate);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Injection.Duration);
    }

    [Fact]
    public void Concurrency_GivesAClosedModel()
    {
        var (options, _) = LoadOptions.Parse(["--concurrency", "16", "--count", "1000"]);

        var injection = options!.InjectionFor(Injection.ConstantRate(1, TimeSpan.FromSeconds(5)));

        Assert.Equal(InjectionKind.ClosedConcurrency, injection.Kind);
        Assert.Equal(16, injection.Copies);
        Assert.Equal(1000, injection.Count);
    }

    [Theory]
    [InlineData("--rate", "-5")]
    [InlineData("--duration", "soon")]
    [InlineData("--scenario", "nope")]
    [InlineData("--ramp", "10")]
    public void InvalidValue_IsAnErrorNamingIt(string name, string value)
    {
        var (options, error) = LoadOptions.Parse([name, value]);

        Assert.Null(options);
        Assert.NotNull(error);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RateAndConcurrencyTogether_AreRefused()
    {
        var (options, error) = LoadOptions.Parse(["--rate", "10", "--concurrency", "4"]);

        Assert.Null(options);
        Assert.Equal("give one of --rate, --ramp and --concurrency", error);
    }

    [Fact]
    public void CompareOnLimitScenario_RunsGuardrailOnly()
    {
        var (options, _) = LoadOptions.Parse(["--scenario", "limit-saturation", "--compare"]);

        Assert.False(Assert.Single(ScenarioPlan.From(options!)).Compare);
    }

    [Fact]
    public void SmokeProfile_CoversEveryScenarioBriefly()
    {
        var (options, _) = LoadOptions.Parse(["--profile", "smoke"]);

        var plans = ScenarioPlan.From(options!);

        Assert.Equal(Guardrail.Load.Scenarios.ScenarioCatalog.All.Select(s => s.Name), plans.Select(p => p.Definition.Name));
        Assert.All(plans, p => Assert.True(p.Injection.Duration + p.Warmup <= TimeSpan.FromSeconds(5), p.Definition.Name));
    }
}
