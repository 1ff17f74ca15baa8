namespace Guardrail.Load.Targets;

/// <summary>
/// One reading of a served process, taken inside it once a second: CPU, memory, GC and handles. The soak's slopes
/// and the reports' per-process numbers come from these.
/// </summary>
internal sealed record ProcessSample
{
    /// <summary>Seconds since the process started serving.</summary>
    public double Seconds { get; init; }

    public double CpuMs { get; init; }

    public long WorkingSetBytes { get; init; }

    /// <summary>Managed heap after the last collection (GC.GetGCMemoryInfo().HeapSizeBytes): what survives, not garbage.</summary>
    public long HeapAfterGcBytes { get; init; }

    /// <summary>Managed bytes now, garbage included.</summary>
    public long ManagedBytes { get; init; }

    /// <summary>Time the process has been paused by the GC since it started.</summary>
    public double GcPauseMs { get; init; }

    public int Gen0 { get; init; }

    public int Gen1 { get; init; }

    public int Gen2 { get; init; }

    /// <summary>Open file descriptors (sockets included), from /proc/self/fd; -1 where there is no /proc.</summary>
    public int Handles { get; init; }

    public int Threads { get; init; }
}
