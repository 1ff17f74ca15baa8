namespace Guardrail.Filters.Policy;

/// <summary>What the proxy does when it cannot decide (classifier error or timeout, unreadable upstream body).</summary>
internal enum FailureMode
{
    /// <summary>Refuse (the default): an undecided request never reaches the model.</summary>
    Closed,
    /// <summary>Let it through and log that it was not screened.</summary>
    Open,
}
