using System.Security.Cryptography;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// Watches the shadow directory for a candidate bundle and holds it to the live rule before it may run: the same
/// quorum of distinct trusted keys (the keys in force), exact files, expiry, and a revision above the highest ever
/// applied (so it could be promoted). A verified candidate is staged to a private folder and loaded into a policy
/// store of its own; <see cref="Current"/> is what the shadow worker screens with.
/// </summary>
/// <remarks>
/// <para>A refused candidate is logged and audited (<c>shadow.rejected</c>) and the candidate already running, if any,
/// keeps running, as on the live side. When the shadow directory holds the bundle that now serves live (it was
/// promoted), the shadow stops: there is nothing left to compare.</para>
/// <para>Nothing here can change the live policy: the shadow store is never handed to the live pipeline.</para>
/// </remarks>
internal sealed class ShadowGate : IDisposable
{
    private readonly string _directory;
    private readonly BundleGate _live;
    private readonly AuditLog? _audit;
    private readonly ILogger _logger;
    private readonly ILogger<PolicyStore> _storeLogger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly DirectoryInfo _stageRoot;
    private readonly Lock _scanLock = new();
    private FileReloader? _reloader;
    private ShadowCandidate? _current;
    private BundleRejection? _lastRejection;
    private ShadowState _state = ShadowState.Empty;
    private string? _lastJudged;
    private TrustedKeySet? _judgedWith;
    private int _stageCounter;
    private bool _disposed;

    public ShadowGate(string directory, BundleGate live, AuditLog? audit, ILogger logger, ILogger<PolicyStore> storeLogger, TimeProvider? time = null, TimeSpan? pollInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(storeLogger);
        _directory = Path.GetFullPath(directory);
        _live = live;
        _audit = audit;
        _logger = logger;
        _storeLogger = storeLogger;
        _time = time ?? TimeProvider.System;
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
        _stageRoot = System.IO.Directory.CreateTempSubdirectory("guardrail-shadow-");
    }

    /// <summary>The candidate screening beside the live policy now, or null.</summary>
    public ShadowCandidate? Current => Volatile.Read(ref _current);

    /// <summary>The last candidate refused, and why.</summary>
    public BundleRejection? LastRejection => Volatile.Read(ref _lastRejection);

    public ShadowState State
    {
        get
        {
            lock (_scanLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The watched shadow directory.</summary>
    public string Directory => _directory;

    /// <summary>The live side's gate (serving revision for samples and reports).</summary>
    public BundleGate Live => _live;

    /// <summary>Called (under the scan lock) when a candidate stops: promoted, replaced, removed or at shutdown, with the reason.</summary>
    public Action<ShadowCandidate, string>? Stopping { get; set; }

    /// <summary>Scans once, then watches the directory (file watcher plus poll).</summary>
    public void Start()
    {
        _reloader = new FileReloader(_ => Scan(), "shadow " + _directory, _pollInterval, TimeSpan.FromMilliseconds(200), useWatcher: true, _logger);
        _reloader.Start();
    }

    /// <summary>Judges the shadow directory now (the watcher and the poll call this; tests call it directly).</summary>
    public void Scan()
    {
        lock (_scanLock)
        {
            if (_disposed)
            {
                return;
            }

            WatchFolders();
            if (_live.TrustedKeys is not { } keys)
            {
                return;
            }

            if (!ReferenceEquals(keys, _judgedWith))
            {
                // The trusted keys were replaced (with their quorum): a candidate refused for its signers may pass now.
                _judgedWith = keys;
                _lastJudged = null;
            }

            if (!HasEntries(_directory))
            {
                StopCurrent("removed");
                _state = ShadowState.Empty;
                _lastJudged = null;
                return;
            }

            if (BundleGate.IsSettling(_directory))
            {
                _reloader?.ScheduleFollowUp(TimeSpan.FromMilliseconds(150));
                return;
            }

            var (bundle, readError) = BundleDirectory.Read(_directory);
            if (bundle is null)
            {
                if (!string.Equals(_lastJudged, readError, StringComparison.Ordinal))
                {
                    _lastJudged = readError;
                    Reject(RejectionCode.Unreadable, readError!, null);
                }

                return;
            }

            var fingerprint = BundleGate.Fingerprint(bundle);
            if (string.Equals(fingerprint, _live.Serving?.Fingerprint, StringComparison.Ordinal))
            {
                // Promoted (or never different): the shadow would only compare the live policy with itself.
                StopCurrent("promoted");
                _state = ShadowState.Promoted;
                _lastJudged = fingerprint;
                return;
            }

            if (string.Equals(fingerprint, Current?.Fingerprint, StringComparison.Ordinal) || string.Equals(fingerprint, _lastJudged, StringComparison.Ordinal))
            {
                return;
            }

            _lastJudged = fingerprint;
            var verdict = QuorumVerifier.VerifyBundle(bundle, keys, _live.RequiredSignatures, _live.Floor, _time.GetUtcNow());
            if (!verdict.Accepted)
            {
                Reject(verdict.Code, verdict.Reason, verdict.Manifest?.Revision);
                return;
            }

            var manifest = verdict.Manifest!;
            var staged = Stage(bundle, manifest);
            var store = new PolicyStore(staged, _storeLogger, PolicyStore.Frozen);
            var errors = store.Initialize();
            if (errors.Count > 0 || store.Current.Default is null)
            {
                store.Dispose();
                TryDelete(staged);
                var reason = errors.Count == 0
                    ? "policy does not load: no default policy"
                    : "policy does not load: " + string.Join("; ", errors.Select(e => e.ToString().Replace(staged, "", StringComparison.Ordinal)));
                Reject(RejectionCode.InvalidPolicy, reason, manifest.Revision);
                return;
            }

            var candidate = new ShadowCandidate(manifest, verdict.Signers, fingerprint, Convert.ToHexStringLower(SHA256.HashData(bundle.ManifestBytes!)), staged, store, _time.GetUtcNow());
            StopCurrent("replaced");
            Volatile.Write(ref _current, candidate);
            _state = ShadowState.Running;
            ShadowLog.Started(_logger, manifest.Revision, string.Join(", ", verdict.Signers), _live.Serving?.Manifest.Revision ?? 0);
            _audit?.Append("shadow.applied",
            [
                new("revision", manifest.Revision),
                new("manifest_sha256", candidate.ManifestSha256),
                new("signers", verdict.Signers),
                new("files", manifest.Files.Count),
                new("live_revision", _live.Serving?.Manifest.Revision),
            ]);
        }
    }

    public void Dispose()
    {
        _reloader?.Dispose();
        lock (_scanLock)
        {
            if (_disposed)
            {
                return;
            }

            StopCurrent("shutdown");
            _disposed = true;
        }

        try
        {
            _stageRoot.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temporary files; the OS cleans its temp folder eventually.
        }
    }

    // Under the scan lock.
    private void StopCurrent(string reason)
    {
        if (Current is not { } candidate)
        {
            return;
        }

        Stopping?.Invoke(candidate, reason);
        Volatile.Write(ref _current, null);
        ShadowLog.Stopped(_logger, candidate.Manifest.Revision, reason);
        _audit?.Append("shadow.stopped", [new("revision", candidate.Manifest.Revision), new("manifest_sha256", candidate.ManifestSha256), new("reason", reason)]);
        candidate.Store.Dispose();
        TryDelete(candidate.StagedDirectory);
    }

    private void Reject(RejectionCode code, string reason, long? revision)
    {
        Volatile.Write(ref _lastRejection, new BundleRejection(code, reason, revision, _time.GetUtcNow()));
        if (Current is null)
        {
            _state = ShadowState.Rejected;
        }

        ShadowLog.Rejected(_logger, _directory, code, reason, Current?.Manifest.Revision);
        _audit?.Append("shadow.rejected", [new("code", code.ToString()), new("reason", reason), new("revision", revision), new("shadow_revision", Current?.Manifest.Revision)]);
    }

    private void WatchFolders()
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (System.IO.Directory.Exists(_directory))
            {
                folders.Add(_directory);
                foreach (var sub in System.IO.Directory.EnumerateDirectories(_directory, "*", SearchOption.AllDirectories))
                {
                    folders.Add(sub);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The poll still runs.
        }

        _reloader?.Watch(folders);
    }

    /// <summary>True when the directory exists and holds anything but dot-files (an empty shadow directory is no candidate).</summary>
    private static bool HasEntries(string directory)
    {
        try
        {
            return System.IO.Directory.Exists(directory)
                && System.IO.Directory.EnumerateFileSystemEntries(directory).Any(e => !Path.GetFileName(e).StartsWith('.'));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string Stage(BundleDirectory bundle, BundleManifest manifest)
    {
        var folder = Path.Combine(_stageRoot.FullName, $"rev-{manifest.Revision}-{Interlocked.Increment(ref _stageCounter)}");
        foreach (var (relative, bytes) in bundle.Files)
        {
            var target = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }

        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A staged copy left behind is harmless; the stage root goes at dispose.
        }
    }
}
