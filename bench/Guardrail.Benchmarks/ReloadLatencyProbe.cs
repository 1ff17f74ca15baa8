using System.Diagnostics;
using System.Globalization;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Guardrail.Benchmarks -- reload</c>: how long an edit of the shipped
/// default policy takes to serve (the requirement is 2 s), from the write to the new version being current. Runs on a
/// copy of <c>policies/</c> in a temporary folder: with the file watcher, with polling only, and with the watcher while
/// the thread pool is flooded with blocking work (the proxy saturated), which is when an operator tightens a policy.
/// </summary>
internal static class ReloadLatencyProbe
{
    private const int Edits = 20;
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    public static void Run(TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), "guardrail-reload-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(RepoPaths.Policies, root);
            Measure(output, "watcher+poll        ", root, PolicyStoreOptions.Default, flood: false);
            Measure(output, "poll only (1 s)     ", root, new PolicyStoreOptions { UseFileSystemWatcher = false }, flood: false);
            Measure(output, "watcher+poll, flood ", root, PolicyStoreOptions.Default, flood: true);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Synchronous throughout: under the flood, an await's continuation would queue behind the blocking work and the
    // probe would measure its own wait for the pool, not the reload.
    private static void Measure(TextWriter output, string name, string root, PolicyStoreOptions options, bool flood)
    {
        var path = Path.Combine(root, "default.yaml");
        var original = File.ReadAllText(path);
        using var store = new PolicyStore(root, NullLogger<PolicyStore>.Instance, options);
        var errors = store.Initialize();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the shipped policy did not load: " + errors[0].Message);
        }

        using var flooding = new CancellationTokenSource();
        var blockers = flood ? Flood(flooding.Token) : [];
        var samples = new List<double>(Edits);
        try
        {
            for (var i = 0; i < Edits; i++)
            {
                // Each edit is a different threshold, so every write is a real change.
                var threshold = (0.50 + ((i + 1) * 0.01)).ToString("F2", CultureInfo.InvariantCulture);
                var edited = original.Replace("cbrn.chemical:     { threshold: 0.5,", $"cbrn.chemical:     {{ threshold: {threshold},", StringComparison.Ordinal);
                var version = store.Version;
                var started = Stopwatch.GetTimestamp();
                File.WriteAllText(path, edited);
                while (store.Version == version && Stopwatch.GetElapsedTime(started) < GiveUp)
                {
                    Thread.Sleep(1);
                }

                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Thread.Sleep(50);
            }
        }
        finally
        {
            flooding.Cancel();
            foreach (var blocker in blockers)
            {
                blocker.Join();
            }

            File.WriteAllText(path, original);
        }

        samples.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={Edits} p50={samples[Edits / 2]:F0} ms  p95={samples[(int)(Edits * 0.95)]:F0} ms  max={samples[^1]:F0} ms"));
    }

    /// <summary>Keeps the thread pool's queue full of blocking work items until cancelled.</summary>
    private static List<Thread> Flood(CancellationToken stop)
    {
        // The feeders are plain threads so they keep the queue full even while every pool thread is blocked.
        var feeders = new List<Thread>();
        for (var f = 0; f < 2; f++)
        {
            var feeder = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (ThreadPool.PendingWorkItemCount < 1000)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(_ => Thread.Sleep(200), null);
                    }

                    Thread.Sleep(1);
                }
            })
            { IsBackground = true };
            feeder.Start();
            feeders.Add(feeder);
        }

        Thread.Sleep(500); // Let the queue build before the first edit.
        return feeders;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
