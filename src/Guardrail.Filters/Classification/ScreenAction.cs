namespace Guardrail.Filters.Classification;

/// <summary>The outcome of screening one request or response.</summary>
internal enum ScreenAction
{
    /// <summary>No category reached its threshold, or only categories whose action is allow.</summary>
    Allow,
    /// <summary>A category with action <c>flag</c> reached its threshold: forwarded and logged.</summary>
    Flag,
    /// <summary>A category with action <c>block</c> reached its threshold.</summary>
    Block,
    /// <summary>The screen could not decide (classifier error or deadline); the policy's failure mode applies.</summary>
    Undecided,
}
