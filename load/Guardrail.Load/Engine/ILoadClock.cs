namespace Guardrail.Load.Engine;

/// <summary>
/// The runner's notion of time since a run started. The scheduler only ever asks for the time and waits until a
/// moment, so tests drive it with a hand-moved clock and the intended-time accounting is checked without sleeping.
/// </summary>
internal interface ILoadClock
{
    /// <summary>Time since the clock started.</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Completes at or after <paramref name="due"/> (never before), as close to it as the platform allows.</summary>
    ValueTask WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken);
}
