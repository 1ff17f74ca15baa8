using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class VariantCollectorTests
{
    [Fact]
    public void DuplicatesEmptiesAndCanonical_AreSkipped()
    {
        var collector = new VariantCollector("canonical");

        Assert.True(collector.TryAdd("one"));
        Assert.False(collector.TryAdd("one"));
        Assert.False(collector.TryAdd("canonical"));
        Assert.False(collector.TryAdd(string.Empty));
        Assert.False(collector.TryAdd(null));
        Assert.Equal(["one"], collector.ToList());
    }

    [Fact]
    public void Count_IsCapped()
    {
        var collector = new VariantCollector("c");
        for (var i = 0; i < NormalizerLimits.MaxVariants + 5; i++)
        {
            collector.TryAdd($"v{i}");
        }

        Assert.Equal(NormalizerLimits.MaxVariants, collector.ToList().Count);
        Assert.True(collector.IsFull);
    }

    [Fact]
    public void Characters_AreCapped()
    {
        var collector = new VariantCollector("c");
        var big = new string('x', NormalizerLimits.MaxTotalVariantChars - 10);

        Assert.True(collector.TryAdd(big));
        Assert.False(collector.TryAdd(new string('y', 11)));
        Assert.True(collector.TryAdd(new string('z', 10)));
        Assert.Equal(0, collector.RemainingChars);
    }

    [Fact]
    public void NoVariants_IsEmpty() => Assert.Empty(new VariantCollector("c").ToList());
}
