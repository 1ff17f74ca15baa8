using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Tests.Policy;

public sealed class RollingRiskPolicyTests : IDisposable
{
    private readonly PolicyTestDirectory _dir = new();

    public RollingRiskPolicyTests() => _dir.Write("lexicon.yaml", PolicyYaml.Lexicon);

    public void Dispose() => _dir.Dispose();

    private PolicyLoadResult Load(string section) => PolicyLoader.Load(_dir.Write("p.yaml", PolicyYaml.Policy("p", lexicon: "lexicon.yaml") + "\n" + section));

    [Fact]
    public void Section_MapsEveryField()
    {
        var result = Load("""
            rolling_risk:
              window_minutes: 30
              floor: 0.3
              budget: 1.2
              action: flag
            """);

        Assert.Empty(result.Errors);
        var risk = result.Policy!.RollingRisk;
        Assert.True(risk.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(30), risk.Window);
        Assert.Equal(0.3, risk.Floor);
        Assert.Equal(1.2, risk.Budget);
        Assert.Equal(CategoryAction.Flag, risk.Action);
    }

    [Fact]
    public void NoSection_IsOff_AndEnabledFalseTurnsItOff()
    {
        Assert.False(Load("").Policy!.RollingRisk.Enabled);
        Assert.False(Load("rolling_risk: { enabled: false }").Policy!.RollingRisk.Enabled);
    }

    [Theory]
    [InlineData("rolling_risk: { floor: 1.5 }", "rolling_risk.floor")]
    [InlineData("rolling_risk: { budget: 0 }", "rolling_risk.budget")]
    [InlineData("rolling_risk: { window_minutes: 0 }", "rolling_risk.window_minutes")]
    [InlineData("rolling_risk: { action: allow }", "rolling_risk.action")]
    [InlineData("rolling_risk: { budgett: 1 }", "budgett")]
    public void BadValue_IsALoadErrorNamingTheField(string section, string field)
    {
        var result = Load(section);

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => e.ToString().Contains(field, StringComparison.Ordinal));
    }
}
