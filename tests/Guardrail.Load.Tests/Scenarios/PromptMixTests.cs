using Guardrail.Load.Scenarios;

namespace Guardrail.Load.Tests.Scenarios;

public sealed class PromptMixTests
{
    [Fact]
    public void Texts_AreFreshForEveryIteration()
    {
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(n => PromptMix.Benign(n)).Distinct().Count());
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(n => PromptMix.NearMiss(n)).Distinct().Count());
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(n => PromptMix.Weapons(n)).Distinct().Count());
    }

    [Fact]
    public void HeavyMix_IsFourWeaponsRequestsInFive()
    {
        Assert.Equal(800, Enumerable.Range(0, 1000).Count(n => PromptMix.IsHarmfulInHeavyMix(n)));
    }

    [Fact]
    public void ChatBody_IsValidJsonWithTheText()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(PromptMix.ChatBody("what's \"this\"?", stream: true));

        Assert.True(doc.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal("what's \"this\"?", doc.RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
    }
}
