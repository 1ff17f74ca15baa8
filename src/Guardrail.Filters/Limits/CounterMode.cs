namespace Guardrail.Filters.Limits;

/// <summary>What one <see cref="CounterOp"/> does to its sliding-window counter. Both stores implement the same rules.</summary>
internal enum CounterMode
{
    /// <summary>Read only.</summary>
    Peek,
    /// <summary>Needs <c>used + amount &lt;= limit</c>; adds the amount when the whole operation succeeds.</summary>
    Consume,
    /// <summary>Needs something left (<c>used &lt; limit</c>); adds nothing (output budgets, charged later).</summary>
    Require,
    /// <summary>Grants as much of the amount as every Take counter of the operation has left, and adds that.</summary>
    Take,
    /// <summary>Adds the amount whatever the limit (charging output that was already produced; may overdraw).</summary>
    Force,
    /// <summary>Gives back the amount to the segment of <see cref="CounterOp.AtMs"/>, if that is still in the window.</summary>
    Refund,
}
