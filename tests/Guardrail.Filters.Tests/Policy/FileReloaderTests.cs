using System.Collections.Concurrent;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Tests.Policy;

public sealed class FileReloaderTests : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    private readonly PolicyTestDirectory _dir = new();
    private readonly CapturingLogger<FileReloaderTests> _logger = new();
    private readonly ConcurrentQueue<(bool Initial, Thread Thread)> _scans = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RequestScan_RunsOnTheDedicatedReloadThreadNotThePool()
    {
        using var reloader = NoPoll(_ => { });
        reloader.Start();

        reloader.RequestScan();

        Assert.True(await WaitFor(() => _scans.Count >= 2));
        var (initial, thread) = _scans.Last();
        Assert.False(initial);
        Assert.False(thread.IsThreadPoolThread);
        Assert.True(thread.IsBackground);
        Assert.Equal("Guardrail reload", thread.Name);
        Assert.True(_scans.First().Initial);
    }

    [Fact]
    public async Task Poll_RescansWithoutAnyEvent()
    {
        using var reloader = new FileReloader(Record, _dir.Root, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), useWatcher: false, _logger);
        reloader.Start();

        Assert.True(await WaitFor(() => _scans.Count >= 3));
    }

    [Fact]
    public async Task ScheduleFollowUp_ScansWithoutPollOrEvent()
    {
        using var reloader = NoPoll(_ => { });
        reloader.Start();

        reloader.ScheduleFollowUp(TimeSpan.FromMilliseconds(20));

        Assert.True(await WaitFor(() => _scans.Count >= 2));
    }

    [Fact]
    public async Task WatchedFolderWrite_TriggersOneDebouncedScan()
    {
        FileReloader? reloader = null;
        reloader = NoPoll(initial =>
        {
            if (initial)
            {
                reloader!.Watch(new HashSet<string>(StringComparer.Ordinal) { _dir.Root });
            }
        }, TimeSpan.FromMilliseconds(500));
        using (reloader)
        {
            reloader.Start();

            // Several writes inside the debounce window are one save.
            for (var i = 0; i < 5; i++)
            {
                _dir.Write("a.yaml", $"name: a{i}\n");
            }

            Assert.True(await WaitFor(() => _scans.Count >= 2));
            await Task.Delay(800);
            Assert.Equal(2, _scans.Count);
        }
    }

    [Fact]
    public async Task ScanThatThrows_IsLoggedAndLaterScansStillRun()
    {
        var calls = 0;
        using var reloader = NoPoll(_ =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                throw new InvalidOperationException("scan failed");
            }
        });
        reloader.Start();

        reloader.RequestScan();
        Assert.True(await WaitFor(() => _logger.Entries.Any(e => e.Level >= LogLevel.Error)));
        reloader.RequestScan();

        Assert.True(await WaitFor(() => Volatile.Read(ref calls) >= 3));
    }

    [Fact]
    public async Task Dispose_WaitsForTheRunningScanAndStopsFurtherScans()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var finished = 0;
        var reloader = NoPoll(initial =>
        {
            if (!initial)
            {
                entered.Set();
                release.Wait(MaxWait);
                Interlocked.Exchange(ref finished, 1);
            }
        });
        reloader.Start();
        reloader.RequestScan();
        Assert.True(entered.Wait(MaxWait));

        var disposing = Task.Run(reloader.Dispose);
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted);
        release.Set();
        await disposing.WaitAsync(MaxWait);

        Assert.Equal(1, Volatile.Read(ref finished));
        var count = _scans.Count;
        reloader.RequestScan();
        reloader.ScheduleFollowUp(TimeSpan.Zero);
        await Task.Delay(200);
        Assert.Equal(count, _scans.Count);
        Assert.True(reloader.IsDisposed);
    }

    [Fact]
    public async Task HugePollInterval_NeverPolls()
    {
        // A century must not overflow into a due time in the past (which would rescan back to back).
        using var reloader = new FileReloader(Record, _dir.Root, TimeSpan.FromDays(36_500), TimeSpan.FromMilliseconds(10), useWatcher: false, _logger);
        reloader.Start();

        await Task.Delay(300);

        Assert.Single(_scans);
    }

    [Fact]
    public void Start_Twice_Throws()
    {
        using var reloader = NoPoll(_ => { });
        reloader.Start();

        Assert.Throws<InvalidOperationException>(reloader.Start);
    }

    private FileReloader NoPoll(Action<bool> then, TimeSpan? debounce = null)
        => new(initial => { Record(initial); then(initial); }, _dir.Root, Timeout.InfiniteTimeSpan, debounce ?? TimeSpan.FromMilliseconds(10), useWatcher: true, _logger);

    private void Record(bool initial) => _scans.Enqueue((initial, Thread.CurrentThread));

    private static async Task<bool> WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + MaxWait;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return condition();
    }
}
