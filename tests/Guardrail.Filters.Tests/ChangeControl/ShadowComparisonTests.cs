using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.ChangeControl;

public sealed class ShadowComparisonTests
{
    [Theory]
    [InlineData("Block", "cbrn.chemical", "Allow", null, ShadowComparison.LiveBlockShadowPass, "cbrn.chemical")]
    [InlineData("Block", "cbrn.chemical", "Flag", "cbrn.chemical", ShadowComparison.LiveBlockShadowPass, "cbrn.chemical")]
    [InlineData("Allow", null, "Block", "cbrn.biological", ShadowComparison.LivePassShadowBlock, "cbrn.biological")]
    [InlineData("Flag", "cbrn.nuclear", "Allow", null, ShadowComparison.LiveFlagShadowAllow, "cbrn.nuclear")]
    [InlineData("Allow", null, "Flag", "cbrn.nuclear", ShadowComparison.LiveAllowShadowFlag, "cbrn.nuclear")]
    [InlineData("Block", "cbrn.chemical", "Block", "cbrn.biological", ShadowComparison.BlockCategoryDiffers, "cbrn.chemical")]
    public void DifferentVerdicts_NamedByKindAndCategory(string live, string? liveCategory, string shadow, string? shadowCategory, string kind, string category)
    {
        var difference = ShadowComparison.Compare(Verdict(live, liveCategory), Verdict(shadow, shadowCategory));

        Assert.Equal((kind, category), difference);
    }

    [Theory]
    [InlineData("Allow", null)]
    [InlineData("Flag", "cbrn.chemical")]
    [InlineData("Block", "cbrn.chemical")]
    public void SameVerdict_NoDisagreement(string action, string? category)
    {
        Assert.Null(ShadowComparison.Compare(Verdict(action, category), Verdict(action, category)));
    }

    private static ScreenVerdict Verdict(string action, string? category) => new(Enum.Parse<ScreenAction>(action), category, 0.7, "lexical", new CategoryScores());
}
