namespace Guardrail.Filters.Policy;

/// <summary>How the streaming output guard trades latency against leakage.</summary>
internal enum StreamGuardMode
{
    /// <summary>
    /// The default: an event is released to the client only after all the text it carries has been classified, so no
    /// unjudged text ever leaves the proxy. The client runs one step behind the model.
    /// </summary>
    Holdback,

    /// <summary>Events go out at once and are classified right behind them; a halt may let up to one step through.</summary>
    Optimistic,
}
