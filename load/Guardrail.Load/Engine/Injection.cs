using System.Globalization;

namespace Guardrail.Load.Engine;

/// <summary>
/// One phase of load: an arrival rate (constant or a ramp) or a fixed concurrency, bounded by a duration and, when
/// given, a count of iterations (whichever comes first).
/// </summary>
internal sealed record Injection
{
    public required InjectionKind Kind { get; init; }

    /// <summary>Arrivals per second (constant rate), or the rate at the start of a ramp.</summary>
    public double Rate { get; init; }

    /// <summary>The rate at the end of a ramp.</summary>
    public double RateTo { get; init; }

    /// <summary>Copies of the scenario running at once (closed model).</summary>
    public int Copies { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>At most this many iterations are started (null: the duration alone bounds the phase).</summary>
    public long? Count { get; init; }

    public static Injection ConstantRate(double rate, TimeSpan duration, long? count = null) =>
        new() { Kind = InjectionKind.ConstantRate, Rate = rate, RateTo = rate, Duration = duration, Count = count };

    public static Injection Ramp(double from, double to, TimeSpan duration, long? count = null) =>
        new() { Kind = InjectionKind.Ramp, Rate = from, RateTo = to, Duration = duration, Count = count };

    public static Injection Closed(int copies, TimeSpan duration, long? count = null) =>
        new() { Kind = InjectionKind.ClosedConcurrency, Copies = copies, Duration = duration, Count = count };

    /// <summary>The same injection for another duration (and no count): the warm-up phase.</summary>
    public Injection For(TimeSpan duration) => this with { Duration = duration, Count = null };

    /// <summary>A short human description for reports: <c>500/s for 30 s</c>, <c>ramp 10→200/s for 1 m</c>, <c>16 copies</c>.</summary>
    public string Describe()
    {
        var bound = Count is { } n ? string.Create(CultureInfo.InvariantCulture, $" (at most {n} iterations)") : "";
        var duration = DurationText.Format(Duration);
        return Kind switch
        {
            InjectionKind.ConstantRate => string.Create(CultureInfo.InvariantCulture, $"open model, {Rate:0.##}/s for {duration}{bound}"),
            InjectionKind.Ramp => string.Create(CultureInfo.InvariantCulture, $"open model, ramp {Rate:0.##}→{RateTo:0.##}/s over {duration}{bound}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"closed model, {Copies} copies for {duration}{bound}"),
        };
    }
}
