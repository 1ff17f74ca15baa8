namespace Guardrail.Load.Engine;

/// <summary>
/// When the k-th arrival of an open-model phase is due, measured from the phase's start. Intended times are fixed in
/// advance by the rate alone, never by how fast the system answers: that is what keeps queueing delay in the numbers
/// (a closed loop that waits for each answer before sending the next hides it — coordinated omission).
/// </summary>
internal static class ArrivalSchedule
{
    /// <summary>
    /// The intended offset of arrival <paramref name="index"/> (0-based), or null when it falls outside the phase
    /// (past its duration or its count).
    /// </summary>
    public static TimeSpan? OffsetOf(Injection injection, long index)
    {
        ArgumentNullException.ThrowIfNull(injection);
        if (index < 0 || (injection.Count is { } count && index >= count))
        {
            return null;
        }

        var seconds = injection.Kind switch
        {
            InjectionKind.ConstantRate => injection.Rate > 0 ? index / injection.Rate : double.PositiveInfinity,
            InjectionKind.Ramp => RampOffset(injection.Rate, injection.RateTo, injection.Duration.TotalSeconds, index),
            _ => double.PositiveInfinity,
        };
        return double.IsFinite(seconds) && seconds < injection.Duration.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>Arrivals the phase intends to start in all (its duration times the rate, or the ramp's area), within its count.</summary>
    public static long Expected(Injection injection)
    {
        ArgumentNullException.ThrowIfNull(injection);
        var total = injection.Kind switch
        {
            InjectionKind.ConstantRate => Math.Ceiling(injection.Rate * injection.Duration.TotalSeconds),
            InjectionKind.Ramp => Math.Ceiling((injection.Rate + injection.RateTo) / 2 * injection.Duration.TotalSeconds),
            _ => 0,
        };
        return injection.Count is { } count ? Math.Min(count, (long)total) : (long)total;
    }

    // Arrivals by time t under a linear ramp: N(t) = r0 t + (r1 - r0) t² / (2 D). The k-th arrival is due when N(t) = k,
    // the positive root of that quadratic.
    private static double RampOffset(double from, double to, double duration, long index)
    {
        if (duration <= 0)
        {
            return double.PositiveInfinity;
        }

        var slope = (to - from) / duration;
        if (Math.Abs(slope) < 1e-12)
        {
            return from > 0 ? index / from : double.PositiveInfinity;
        }

        var discriminant = (from * from) + (2 * slope * index);
        return discriminant < 0 ? double.PositiveInfinity : (Math.Sqrt(discriminant) - from) / slope;
    }
}
