namespace Guardrail.Load.Reports;

/// <summary>The three-way comparison: Guardrail against plain YARP, and plain YARP against the upstream direct.</summary>
internal sealed record Ratios(
    double ThroughputGuardOverPlain, double CpuPerRequestGuardOverPlain, double P50AddedMs, double P99AddedMs, double P50PlainOverDirectMs, double P99PlainOverDirectMs)
{
    /// <summary>The CPU ratio net of each process's idle CPU, when both were read.</summary>
    public double? NetCpuPerRequestGuardOverPlain { get; init; }

    /// <summary>Null unless the report holds all three targets.</summary>
    public static Ratios? Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Run("direct") is not { } direct || report.Run("plain-yarp") is not { } plain || report.Run("guardrail") is not { } guard)
        {
            return null;
        }

        return new Ratios(
            plain.Throughput > 0 ? guard.Throughput / plain.Throughput : 0,
            plain.CpuPerRequestUs > 0 ? guard.CpuPerRequestUs / plain.CpuPerRequestUs : 0,
            guard.Latency.P50 - plain.Latency.P50,
            guard.Latency.P99 - plain.Latency.P99,
            plain.Latency.P50 - direct.Latency.P50,
            plain.Latency.P99 - direct.Latency.P99)
        {
            NetCpuPerRequestGuardOverPlain = guard.NetCpuPerRequestUs is { } g && plain.NetCpuPerRequestUs is { } p && p > 0 ? g / p : null,
        };
    }
}
