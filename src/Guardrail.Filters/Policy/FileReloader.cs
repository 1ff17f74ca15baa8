using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Policy;

/// <summary>
/// The reload machinery shared by the hot-reloaded stores (<see cref="PolicyStore"/>, the tenants store): runs the
/// owner's scan whenever watched files may have changed, and never two scans at once.
/// </summary>
/// <remarks>
/// Triggers: a <see cref="FileSystemWatcher"/> per folder the owner names (debounced, so one save is one scan), a
/// poll that catches what watchers miss (network and overlay file systems, editors that replace files, ConfigMap
/// swaps), and follow-ups the scan asks for (a file still settling, a deletion's grace ending). The scan callback
/// runs under the scan lock; <see cref="ScheduleFollowUp"/> and <see cref="Watch"/> are meant to be called from it.
/// </remarks>
internal sealed class FileReloader : IDisposable
{
    private readonly Action<bool> _scan;
    private readonly string _name;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _debounceTime;
    private readonly bool _useWatcher;
    private readonly ILogger _logger;
    private readonly Lock _scanLock = new();
    private readonly Timer _debounce;
    private readonly Timer _followUp;

    // Guarded by _scanLock.
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unwatchable = new(StringComparer.Ordinal);
    private long _followUpDue; // Stopwatch timestamp of the pending follow-up scan, 0 when none

    private Timer? _poll;
    private int _rescanRequested;
    private int _started;
    private int _disposed;

    /// <param name="scan">The owner's scan; its argument is true for the first (start-up) scan only.</param>
    /// <param name="name">What is watched (a path), for the log when the watcher reports an error.</param>
    /// <param name="pollInterval">Re-scan interval; <see cref="Timeout.InfiniteTimeSpan"/> disables polling.</param>
    /// <param name="debounce">Quiet time after the last watcher event before scanning.</param>
    /// <param name="useWatcher">Whether to use file system watchers at all (polling still runs).</param>
    /// <param name="logger">Receives watcher and scan failures.</param>
    public FileReloader(Action<bool> scan, string name, TimeSpan pollInterval, TimeSpan debounce, bool useWatcher, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(logger);
        _scan = scan;
        _name = name;
        _pollInterval = pollInterval;
        _debounceTime = debounce;
        _useWatcher = useWatcher;
        _logger = logger;
        _debounce = new Timer(_ => RequestScan(), null, Timeout.Infinite, Timeout.Infinite);
        _followUp = new Timer(_ => RequestScan(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Runs the first scan on the calling thread, then starts polling. Exceptions of that scan propagate.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("FileReloader.Start was already called.");
        }

        lock (_scanLock)
        {
            RunScan(initial: true);
        }

        if (_pollInterval > TimeSpan.Zero && _pollInterval != Timeout.InfiniteTimeSpan)
        {
            _poll = new Timer(_ => RequestScan(), null, _pollInterval, _pollInterval);
            if (IsDisposed)
            {
                _poll.Dispose(); // Dispose ran while we were loading and could not see this timer.
            }
        }
    }

    /// <summary>Runs a rescan now, or makes the running one go round again; never blocks a timer thread on the lock.</summary>
    public void RequestScan()
    {
        Interlocked.Exchange(ref _rescanRequested, 1);
        while (!IsDisposed && _scanLock.TryEnter())
        {
            try
            {
                while (!IsDisposed && Interlocked.Exchange(ref _rescanRequested, 0) != 0)
                {
                    try
                    {
                        RunScan(initial: false);
                    }
#pragma warning disable CA1031 // A timer callback must not throw: the process would die and what is loaded is still good.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        PolicyLog.ScanFailed(_logger, ex);
                    }
                }
            }
            finally
            {
                _scanLock.Exit();
            }

            // A request that arrived between the last check and Exit would otherwise wait for the next poll.
            if (Volatile.Read(ref _rescanRequested) == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Makes sure a scan runs within <paramref name="delay"/> (a file settling, a deletion's grace ending) without
    /// waiting for the next poll. Unlike the debounce, it only ever moves the follow-up earlier. Call from the scan.
    /// </summary>
    public void ScheduleFollowUp(TimeSpan delay)
    {
        var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        if (_followUpDue != 0 && _followUpDue <= due)
        {
            return;
        }

        _followUpDue = due;
        try
        {
            _followUp.Change(delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile; nothing to do.
        }
    }

    /// <summary>True when <paramref name="path"/> was written within <paramref name="settleTime"/>; a future timestamp (clock skew) counts as settled.</summary>
    public static bool IsSettling(string path, TimeSpan settleTime)
    {
        try
        {
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
            return age >= TimeSpan.Zero && age < settleTime;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Keeps exactly one watcher per folder in <paramref name="folders"/>. Call from the scan.</summary>
    public void Watch(IReadOnlySet<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (!_useWatcher || IsDisposed)
        {
            return;
        }

        foreach (var folder in _watchers.Keys.Where(k => !folders.Contains(k)).ToList())
        {
            _watchers[folder].Dispose();
            _watchers.Remove(folder);
        }

        foreach (var folder in folders)
        {
            // A folder that does not exist yet is covered by polling; watch it once it appears.
            if (_watchers.ContainsKey(folder) || !Directory.Exists(folder))
            {
                continue;
            }

            FileSystemWatcher? watcher = null;
            try
            {
                watcher = new FileSystemWatcher(folder)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                        | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Changed += OnWatcherEvent;
                watcher.Created += OnWatcherEvent;
                watcher.Deleted += OnWatcherEvent;
                watcher.Renamed += OnWatcherEvent;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
                _watchers[folder] = watcher;
                _unwatchable.Remove(folder);
                watcher = null;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                // E.g. the inotify watch limit: polling still delivers reloads within its interval.
                if (_unwatchable.Add(folder))
                {
                    PolicyLog.WatchUnavailable(_logger, folder, ex.Message);
                }
            }
            finally
            {
                watcher?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _poll?.Dispose();
        _debounce.Dispose();
        _followUp.Dispose();

        // Waits for a running scan, so nothing touches the files after Dispose returns.
        lock (_scanLock)
        {
            foreach (var watcher in _watchers.Values)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }
    }

    private void RunScan(bool initial)
    {
        if (_followUpDue != 0 && Stopwatch.GetTimestamp() >= _followUpDue)
        {
            _followUpDue = 0;
        }

        _scan(initial);
    }

    private void OnWatcherEvent(object? sender, FileSystemEventArgs e)
    {
        if (IsDisposed)
        {
            return;
        }

        // Trailing-edge debounce: every event pushes the rescan back, so one save is one reload.
        try
        {
            _debounce.Change(_debounceTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile; nothing to do.
        }
    }

    private void OnWatcherError(object? sender, ErrorEventArgs e)
    {
        PolicyLog.WatcherFailed(_logger, e.GetException());
        // Events may have been lost (e.g. inotify queue overflow): rescan everything now rather than at the next poll.
        OnWatcherEvent(sender, new FileSystemEventArgs(WatcherChangeTypes.All, _name, null));
    }
}
