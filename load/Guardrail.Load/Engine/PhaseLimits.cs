namespace Guardrail.Load.Engine;

/// <summary>
/// Bounds of the open model's generator. <see cref="MaxInFlight"/> is its pool of virtual users: an arrival finding
/// it empty is dropped, not queued (queueing in the generator would hide the system's queue). An arrival the
/// generator reaches more than <see cref="LateLimit"/> after its time is dropped too, because the generator, not the
/// system, fell behind. <see cref="Drain"/> bounds how long a phase waits for iterations in flight at its end.
/// </summary>
internal sealed record PhaseLimits(int MaxInFlight, TimeSpan LateLimit, TimeSpan Drain)
{
    public static PhaseLimits Default { get; } = new(10_000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
