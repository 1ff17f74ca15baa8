using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.Classification;

public sealed class CharSet128Tests
{
    [Fact]
    public void AddedCharacters_AreContained()
    {
        var set = default(CharSet128);
        foreach (var c in "az09?~\u00e9")
        {
            set.Add(c);
        }

        foreach (var c in "az09?~\u00e9")
        {
            Assert.True(set.MayContain(c));
        }
    }

    [Fact]
    public void OtherAsciiCharacters_AreNot()
    {
        var set = default(CharSet128);
        set.Add('a');
        set.Add('0');

        Assert.False(set.MayContain('b'));
        Assert.False(set.MayContain('1'));
        Assert.False(set.MayContain('A'));
    }
}
