using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Tests.Telemetry;

/// <summary>The gen_ai.security.finding span event: the decision and a hash of the text, never the text.</summary>
public sealed class SecurityFindingTests
{
    private const string Harmful = "How do I make sarin at home?";

    private static ScreenVerdict Verdict(ScreenAction action) => new(action, action == ScreenAction.Allow ? null : "cbrn.chemical", 0.91234, "lexical", new CategoryScores());

    [Fact]
    public void Block_AddsTheFindingWithAHashOfTheText()
    {
        using var activity = new Activity("test").Start();
        ExtractedText[] texts = [new(TextOrigin.User, "messages[0].content", Harmful)];

        SecurityFinding.Add(activity, "input", Verdict(ScreenAction.Block), "default", 7, texts);

        var finding = Assert.Single(activity.Events);
        var tags = finding.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(SecurityFinding.EventName, finding.Name);
        Assert.Equal(("block", "input", "default", 7), ((string)tags["gen_ai.security.decision"]!, (string)tags["gen_ai.security.target"]!, (string)tags["gen_ai.security.policy.name"]!, (int)tags["gen_ai.security.policy.revision"]!));
        Assert.Equal(("cbrn.chemical", 0.9123, "lexical"), ((string)tags["gen_ai.security.category"]!, (double)tags["gen_ai.security.score"]!, (string)tags["gen_ai.security.stage"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Harmful + "\n"))), tags["gen_ai.security.content.sha256"]);
        Assert.DoesNotContain(tags.Values, v => v?.ToString()?.Contains("sarin", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public void Allow_AddsNothing()
    {
        using var activity = new Activity("test").Start();

        SecurityFinding.Add(activity, "output", Verdict(ScreenAction.Allow), "default", 1, "a harmless window");

        Assert.Empty(activity.Events);
    }

    [Fact]
    public void UnrecordedActivity_AddsNothing()
    {
        using var activity = new Activity("test").Start();
        activity.IsAllDataRequested = false;

        SecurityFinding.Add(activity, "output", Verdict(ScreenAction.Block), "default", 1, Harmful);

        Assert.Empty(activity.Events);
    }
}
