namespace Guardrail.Filters.Streaming;

/// <summary>What the guarded stream must do after handling the events it has.</summary>
internal enum FrameStep
{
    /// <summary>Nothing pending: read more from the upstream.</summary>
    NeedMore,
    /// <summary>Held text (or a final event) must be classified before reading on.</summary>
    Classify,
    /// <summary>An event waits on the egress meter (a store round trip or bandwidth pacing).</summary>
    Meter,
    /// <summary>Hand the client what is released before pacing the next event.</summary>
    Yield,
}
