using System.Diagnostics;

namespace Guardrail.Load.Engine;

/// <summary>The monotonic clock of <see cref="Stopwatch"/>.</summary>
internal sealed class SystemLoadClock : ILoadClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    public async ValueTask WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        // Timers fire on a ~1 ms grain; the scheduler sends every arrival whose time has come when it wakes and
        // measures each from its own intended time, so waking late costs accuracy of sending, never of measuring.
        // It does not spin: on a shared two-core box a spinning generator would take a core from the proxy.
        var remaining = due - Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : remaining, cancellationToken);
        }
    }
}
