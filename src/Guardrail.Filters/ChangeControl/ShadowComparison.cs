using Guardrail.Filters.Classification;

namespace Guardrail.Filters.ChangeControl;

/// <summary>How a shadow verdict differs from the live one, in the names the statistics, audit and report use.</summary>
internal static class ShadowComparison
{
    /// <summary>Live blocked, the shadow policy would have let it through (allow or flag).</summary>
    public const string LiveBlockShadowPass = "live_block_shadow_pass";

    /// <summary>Live let it through, the shadow policy would have blocked it.</summary>
    public const string LivePassShadowBlock = "live_pass_shadow_block";

    /// <summary>Neither blocks, but only live flags it (forwarded and logged).</summary>
    public const string LiveFlagShadowAllow = "live_flag_shadow_allow";

    /// <summary>Neither blocks, but only the shadow policy would flag it.</summary>
    public const string LiveAllowShadowFlag = "live_allow_shadow_flag";

    /// <summary>Both block, under different categories.</summary>
    public const string BlockCategoryDiffers = "block_category_differs";

    public static IReadOnlyList<string> Kinds { get; } =
        [LiveBlockShadowPass, LivePassShadowBlock, LiveFlagShadowAllow, LiveAllowShadowFlag, BlockCategoryDiffers];

    /// <summary>
    /// The kind of disagreement and the category it is counted under (the blocking or flagging side's category), or
    /// null when both decide alike. Neither verdict may be undecided (callers count those apart).
    /// </summary>
    public static (string Kind, string Category)? Compare(ScreenVerdict live, ScreenVerdict shadow)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(shadow);
        var liveBlocks = live.Action == ScreenAction.Block;
        var shadowBlocks = shadow.Action == ScreenAction.Block;
        if (liveBlocks != shadowBlocks)
        {
            return liveBlocks ? (LiveBlockShadowPass, live.Category ?? "none") : (LivePassShadowBlock, shadow.Category ?? "none");
        }

        if (liveBlocks)
        {
            return string.Equals(live.Category, shadow.Category, StringComparison.Ordinal) ? null : (BlockCategoryDiffers, live.Category ?? "none");
        }

        var liveFlags = live.Action == ScreenAction.Flag;
        var shadowFlags = shadow.Action == ScreenAction.Flag;
        if (liveFlags == shadowFlags)
        {
            return null;
        }

        return liveFlags ? (LiveFlagShadowAllow, live.Category ?? "none") : (LiveAllowShadowFlag, shadow.Category ?? "none");
    }
}
