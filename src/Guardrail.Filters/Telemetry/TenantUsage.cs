using System.Collections.Concurrent;

namespace Guardrail.Filters.Telemetry;

/// <summary>Running limit counts of one tenant (or of all anonymous clients together) since start.</summary>
internal sealed class TenantUsage
{
    private long _admitted;
    private long _strikes;
    private long _lockouts;

    public long Admitted => Interlocked.Read(ref _admitted);

    public long Strikes => Interlocked.Read(ref _strikes);

    public long Lockouts => Interlocked.Read(ref _lockouts);

    /// <summary>Refusals by limit kind (the kinds are the gate's constants, so the map stays small).</summary>
    public ConcurrentDictionary<string, long> Refused { get; } = new(StringComparer.Ordinal);

    public void AddAdmitted() => Interlocked.Increment(ref _admitted);

    public void AddStrike(bool lockout)
    {
        Interlocked.Increment(ref _strikes);
        if (lockout)
        {
            Interlocked.Increment(ref _lockouts);
        }
    }

    public void AddRefused(string kind) => Refused.AddOrUpdate(kind, 1, static (_, n) => n + 1);
}
