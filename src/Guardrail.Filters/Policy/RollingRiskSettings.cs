namespace Guardrail.Filters.Policy;

/// <summary>
/// A client's rolling risk (the <c>rolling_risk</c> section of a policy): each request that scores in a category's
/// suspicious band — at <see cref="Floor"/> or above but below the category's threshold — adds its excess over the
/// floor to the client's sum for that category over the last <see cref="Window"/>. When the sum reaches
/// <see cref="Budget"/>, that request and every further one in the band are answered with <see cref="Action"/>
/// until older requests leave the window. A decomposition sent as separate requests, each innocent on its own, is
/// judged as the sequence it is; a request below the floor is never affected, so a client's ordinary traffic passes.
/// </summary>
internal sealed record RollingRiskSettings
{
    /// <summary>Whether the sums are kept at all. Off when the section is absent.</summary>
    public bool Enabled { get; init; }

    /// <summary>How long a request counts towards the sum.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Category score from which a request counts (0..1).</summary>
    public double Floor { get; init; } = 0.25;

    /// <summary>Sum of excesses over the floor at which the action applies.</summary>
    public double Budget { get; init; } = 0.6;

    /// <summary>
    /// Whether a request that asks for something without naming an agent is also screened after the client's latest
    /// request that named one (kept in process memory for <see cref="Window"/>).
    /// </summary>
    public bool Topics { get; init; } = true;

    /// <summary>What a request that reaches the budget gets: block (refused, and a strike) or flag (logged).</summary>
    public CategoryAction Action { get; init; } = CategoryAction.Block;

    /// <summary>Off: no section in the policy.</summary>
    public static RollingRiskSettings Off { get; } = new();
}
