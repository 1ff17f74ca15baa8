using Guardrail.Load.Engine;

namespace Guardrail.Load.Tests.Engine;

/// <summary>
/// A clock moved by hand: waiting jumps to the due time at once (plus an overshoot the test chooses per wait, to play
/// a generator that wakes late), and steps move it to play work taking time. No test sleeps.
/// </summary>
internal sealed class ManualClock : ILoadClock
{
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Extra time a wait for the given due time takes (a late wake-up), zero by default.</summary>
    public Func<TimeSpan, TimeSpan> Overshoot { get; set; } = static _ => TimeSpan.Zero;

    public void Advance(TimeSpan by) => Elapsed += by;

    public ValueTask WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        if (due > Elapsed)
        {
            Elapsed = due + Overshoot(due);
        }

        return ValueTask.CompletedTask;
    }
}
