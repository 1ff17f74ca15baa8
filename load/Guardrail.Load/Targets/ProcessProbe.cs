using System.Diagnostics;

namespace Guardrail.Load.Targets;

/// <summary>Takes a <see cref="ProcessSample"/> of the current process.</summary>
internal static class ProcessProbe
{
    public static ProcessSample Sample(double seconds)
    {
        using var self = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo();
        return new ProcessSample
        {
            Seconds = seconds,
            CpuMs = self.TotalProcessorTime.TotalMilliseconds,
            WorkingSetBytes = self.WorkingSet64,
            HeapAfterGcBytes = info.HeapSizeBytes,
            ManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
            GcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            Gen0 = GC.CollectionCount(0),
            Gen1 = GC.CollectionCount(1),
            Gen2 = GC.CollectionCount(2),
            Handles = Handles(),
            Threads = self.Threads.Count,
        };
    }

    private static int Handles()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
