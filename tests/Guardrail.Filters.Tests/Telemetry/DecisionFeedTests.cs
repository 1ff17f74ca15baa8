using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Tests.Telemetry;

/// <summary>The console's in-process feed: bounded ring, counts, tenants; nothing until a console is served.</summary>
public sealed class DecisionFeedTests
{
    private static DecisionRecord Record(string id, string action = "allow", string category = "none", string direction = "input") =>
        new(DateTimeOffset.UnixEpoch, id, "route", "openai.chat", direction, action, category, 0.5, "lexical", 1);

    [Fact]
    public void Disabled_RecordsNothing()
    {
        var feed = new DecisionFeed(4);

        feed.Add(Record("a"));
        feed.AddAdmitted("acme");

        Assert.Equal(0, feed.Total);
        Assert.Empty(feed.Recent());
        Assert.Empty(feed.Counts());
        Assert.Empty(feed.Tenants());
    }

    [Fact]
    public void Ring_KeepsOnlyTheNewestNewestFirst()
    {
        var feed = new DecisionFeed(3) { Enabled = true };

        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            feed.Add(Record(id));
        }

        Assert.Equal(5, feed.Total);
        Assert.Equal(["e", "d", "c"], feed.Recent().Select(r => r.RequestId));
    }

    [Fact]
    public void Counts_AreByDirectionCategoryAndAction()
    {
        var feed = new DecisionFeed(8) { Enabled = true };

        feed.Add(Record("a", "block", "cbrn.chemical"));
        feed.Add(Record("b", "block", "cbrn.chemical"));
        feed.Add(Record("c"));
        feed.Add(Record("d", "halt", "cbrn.chemical", "stream"));

        Assert.Equal(
            [("input", "cbrn.chemical", "block", 2L), ("input", "none", "allow", 1L), ("stream", "cbrn.chemical", "halt", 1L)],
            feed.Counts());
    }

    [Fact]
    public void Tenants_AnonymousClientsShareOneEntry()
    {
        var feed = new DecisionFeed(8) { Enabled = true };

        feed.AddAdmitted("acme");
        feed.AddAdmitted(null);
        feed.AddAdmitted(null);
        feed.AddLimit("acme", "requests");
        feed.AddLimit("acme", "requests");
        feed.AddStrike(null, lockout: true);

        var tenants = feed.Tenants().ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(["acme", DecisionFeed.Anonymous], tenants.Keys);
        Assert.Equal((1L, 2L), (tenants["acme"].Admitted, tenants["acme"].Refused["requests"]));
        Assert.Equal((2L, 1L, 1L), (tenants[DecisionFeed.Anonymous].Admitted, tenants[DecisionFeed.Anonymous].Strikes, tenants[DecisionFeed.Anonymous].Lockouts));
    }
}
