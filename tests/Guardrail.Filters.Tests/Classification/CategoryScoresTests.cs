using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.Classification;

public sealed class CategoryScoresTests
{
    [Fact]
    public void Raise_KeepsMaximumAndClamps()
    {
        var scores = new CategoryScores();

        scores.Raise("cbrn.chemical", 0.4);
        scores.Raise("cbrn.chemical", 0.2);
        scores.Raise("cbrn.nuclear", 1.7);
        scores.Raise("cbrn.biological", -0.5);

        Assert.Equal(0.4, scores["cbrn.chemical"]);
        Assert.Equal(1.0, scores["cbrn.nuclear"]);
        Assert.Equal(0.0, scores["cbrn.biological"]);
        Assert.Equal(0.0, scores["cbrn.radiological"]);
    }

    [Fact]
    public void Values_EnumerateInFirstRaisedOrder()
    {
        var scores = new CategoryScores();
        string[] names = ["e", "d", "c", "b", "a", "f"];
        foreach (var name in names)
        {
            scores.Raise(name, 0.1);
        }

        scores.Raise("c", 0.9);

        Assert.Equal(names, scores.Values.Keys);
        Assert.Equal(6, scores.Values.Count);
        Assert.Equal(0.9, scores.Values["c"]);
        Assert.True(scores.Values.TryGetValue("f", out var f));
        Assert.Equal(0.1, f);
        Assert.False(scores.Values.ContainsKey("g"));
        Assert.Throws<KeyNotFoundException>(() => scores.Values["g"]);
    }

    [Fact]
    public void NameEqualByValue_FindsTheSameCategory()
    {
        var scores = new CategoryScores();
        scores.Raise("cbrn.chemical", 0.3);

        // A name built at run time is another instance with the same characters.
        var rebuilt = string.Concat("cbrn.", "chemical");
        scores.Raise(rebuilt, 0.6);

        Assert.Single(scores.Values);
        Assert.Equal(0.6, scores["cbrn.chemical"]);
    }

    [Fact]
    public void ResetThenRaise_StartsOverInNewOrder()
    {
        var scores = new CategoryScores();
        scores.Raise("a", 0.5);
        scores.Raise("b", 0.7);

        scores.Reset();
        scores.Raise("b", 0.1);

        Assert.Equal(["b"], scores.Values.Keys);
        Assert.Equal(0.0, scores["a"]);
        Assert.Equal(0.1, scores.Max());
    }

    [Fact]
    public void RaiseAllAndRaiseAtLeast_CombineByMaximum()
    {
        var other = new CategoryScores();
        other.Raise("a", 0.3);
        other.Raise("b", 0.8);
        var all = new CategoryScores();
        all.Raise("a", 0.5);
        var floored = new CategoryScores();

        all.RaiseAll(other);
        floored.RaiseAtLeast(other, 0.5);

        Assert.Equal(0.5, all["a"]);
        Assert.Equal(0.8, all["b"]);
        Assert.Equal(["a", "b"], floored.Values.Keys);
        Assert.Equal(0.0, floored["a"]);
        Assert.Equal(0.8, floored.Max());
    }

    [Fact]
    public void RaiseScaled_RaisesByTheScaledScoreAndNeverLowers()
    {
        var other = new CategoryScores();
        other.Raise("cbrn.chemical", 0.8);
        other.Raise("cbrn.nuclear", 0.4);
        var scores = new CategoryScores();
        scores.Raise("cbrn.nuclear", 0.3);

        scores.RaiseScaled(other, 0.625);

        Assert.Equal(0.5, scores["cbrn.chemical"], 12);
        Assert.Equal(0.3, scores["cbrn.nuclear"], 12);
    }
}
