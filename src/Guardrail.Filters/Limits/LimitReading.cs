namespace Guardrail.Filters.Limits;

/// <summary>One limit as the rate-limit headers report it.</summary>
internal readonly record struct LimitReading(long Limit, long Remaining, long ResetMs)
{
    /// <summary>The tighter of two readings (smaller share left); either may be absent.</summary>
    public static LimitReading? Tighter(LimitReading? a, LimitReading? b)
    {
        if (a is not { } x)
        {
            return b;
        }

        if (b is not { } y)
        {
            return a;
        }

        // Compare remaining/limit without division: x.R/x.L <= y.R/y.L.
        return (decimal)x.Remaining * y.Limit <= (decimal)y.Remaining * x.Limit ? x : y;
    }
}
