using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// Enforces signed bundles in the running proxy: at start and on every change to the policy directory or the
/// trusted-keys file, reads the bundle into memory, verifies it (<see cref="QuorumVerifier"/>), writes the verified
/// bytes to a directory only this process writes, and has the policy store load from there.
/// </summary>
/// <remarks>
/// <para>No time-of-check/time-of-use gap: the bytes hashed are the bytes staged, and the store loads the staged copy
/// (created under a fresh <c>0700</c> temporary folder), never the deploy directory. An edit after the check changes
/// the deploy directory only, which the next scan verifies again.</para>
/// <para>Rejections (logged, audited, kept in <see cref="LastRejection"/>) leave the serving bundle in force. A
/// rejected content is judged once: the scan skips it until the directory changes again.</para>
/// <para>The tenants file of a bundle (<c>tenants/tenants.yaml</c>) is staged to <see cref="TenantsPath"/> with an
/// atomic rename; the tenants store watches that one file.</para>
/// </remarks>
internal sealed class BundleGate : IDisposable
{
    public const string TenantsFile = "tenants/tenants.yaml";

    private readonly ChangeControlOptions _options;
    private readonly AuditLog? _audit;
    private ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DirectoryInfo _stageRoot;
    private readonly Lock _scanLock = new();
    private FileReloader? _reloader;
    private PolicyStore? _store;
    private TrustedKeySet? _keys;
    private byte[]? _keysBytes;
    private string? _lastJudged;
    private ServingBundle? _serving;
    private BundleRejection? _lastRejection;
    private long? _floor;
    private readonly long? _restartRevision;
    private int _stageCounter;

    // Good bundles this process applied, oldest first (bytes in memory, as verified), for rollback.
    private readonly List<(BundleDirectory Bundle, string Fingerprint)> _history = [];
    private const int HistoryDepth = 8;

    public BundleGate(ChangeControlOptions options, AuditLog? audit, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _audit = audit;
        _logger = logger;
        _time = time ?? TimeProvider.System;

        // CreateTempSubdirectory makes the folder owner-only on Unix: other local users cannot swap staged files.
        _stageRoot = Directory.CreateTempSubdirectory("guardrail-bundles-");
        TenantsPath = Path.Combine(_stageRoot.FullName, "tenants.yaml");
        _floor = audit?.HighestAppliedRevision;
        _restartRevision = audit?.LastServingRevision;
    }

    /// <summary>Where the serving bundle's tenants file is staged (the tenants store's path under change control).</summary>
    public string TenantsPath { get; }

    public ServingBundle? Serving => Volatile.Read(ref _serving);

    public BundleRejection? LastRejection => Volatile.Read(ref _lastRejection);

    public TrustedKeySet? TrustedKeys => Volatile.Read(ref _keys);

    /// <summary>The highest revision ever applied (the rollback floor a new bundle must exceed), or null before the first.</summary>
    public long? Floor
    {
        get
        {
            lock (_scanLock)
            {
                return _floor;
            }
        }
    }

    /// <summary>Distinct trusted signers a bundle needs (the shadow candidate is held to the same rule).</summary>
    public int RequiredSignatures => _options.RequiredSignatures;

    /// <summary>
    /// Start-up: loads the trusted keys, verifies the bundle and stages it. Returns the staged directory for the
    /// policy store, or why the proxy must not start.
    /// </summary>
    public (string? StagedDirectory, string? Error) Initialize()
    {
        lock (_scanLock)
        {
            var (keys, keysError) = ReadKeys();
            if (keys is null)
            {
                return (null, "change control: " + keysError);
            }

            if (CheckKeysAtStart(keys.Value.Set) is { } keysRefused)
            {
                return (null, "change control: " + keysRefused);
            }

            _keys = keys.Value.Set;
            _keysBytes = keys.Value.Bytes;
            var (bundle, readError) = BundleDirectory.Read(_options.SourceDirectory);
            if (bundle is null)
            {
                Reject(RejectionCode.Unreadable, readError!, null);
                return (null, "change control: " + readError);
            }

            // After a restart the revision that was serving may serve again (also one reached by rollback); anything
            // else must be above the highest revision the audit trail records as applied.
            var verdict = QuorumVerifier.VerifyBundle(bundle, _keys, _options.RequiredSignatures, _floor, _time.GetUtcNow(), allowLowerRevision: true);
            if (verdict.Accepted && _floor is { } floor && verdict.Manifest!.Revision <= floor && verdict.Manifest.Revision != _restartRevision)
            {
                verdict = Verification.Reject(RejectionCode.RevisionNotHigher,
                    $"revision {verdict.Manifest.Revision} is not higher than revision {floor}, the highest applied (audit log), nor the revision serving before the restart", verdict.Manifest);
            }

            if (!verdict.Accepted)
            {
                Reject(verdict.Code, verdict.Reason, verdict.Manifest?.Revision);
                return (null, $"change control: bundle in {bundle.Root} rejected ({verdict.Code}): {verdict.Reason}");
            }

            var staged = Stage(bundle, verdict.Manifest!);
            Accept(staged, bundle, verdict, "bundle.applied");
            return (staged, null);
        }
    }

    /// <summary>
    /// Starts watching the deploy directory and the trusted-keys file; applies verified bundles to <paramref name="store"/>.
    /// <paramref name="logger"/> replaces the start-up logger (the host's logging exists only once the host is built).
    /// </summary>
    public void Attach(PolicyStore store, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        if (logger is not null)
        {
            _logger = logger;
            if (Serving is { } serving)
            {
                ChangeControlLog.Applied(_logger, serving.Manifest.Revision, string.Join(", ", serving.Signers));
            }
        }

        _reloader = new FileReloader(_ => Scan(), _options.SourceDirectory, _options.PollInterval, TimeSpan.FromMilliseconds(200), useWatcher: true, _logger);
        _reloader.Start();
    }

    /// <summary>
    /// The explicit rollback path (admin endpoint, <c>guardrail policy rollback</c>): re-applies the previous good
    /// bundle this process served, although its revision is lower. Everything else (files, expiry, signatures against
    /// the keys in force, quorum) is checked again as for any bundle. The rollback floor stays at the highest revision
    /// ever applied, so the next deploy must carry a revision above the one rolled back from.
    /// </summary>
    public Verification Rollback()
    {
        lock (_scanLock)
        {
            var serving = Serving;
            var index = serving is null ? -1 : _history.FindLastIndex(h => h.Fingerprint == serving.Fingerprint);
            if (index <= 0 || _keys is null || _store is null)
            {
                var none = Verification.Reject(RejectionCode.Unreadable, "rollback: no earlier good revision to return to");
                Reject(none.Code, none.Reason, null);
                return none;
            }

            var previous = _history[index - 1];
            var verdict = QuorumVerifier.VerifyBundle(previous.Bundle, _keys, _options.RequiredSignatures, serving!.Manifest.Revision, _time.GetUtcNow(), allowLowerRevision: true);
            if (!verdict.Accepted)
            {
                Reject(verdict.Code, "rollback: " + verdict.Reason, verdict.Manifest?.Revision);
                return verdict;
            }

            var applied = Apply(previous.Bundle, verdict, "bundle.rollback");
            if (applied.Accepted)
            {
                // The rolled-back-from revision leaves the history: a second rollback goes one further back.
                _history.RemoveRange(index, _history.Count - index);
            }

            return applied;
        }
    }

    public void Dispose()
    {
        _reloader?.Dispose();
        try
        {
            _stageRoot.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temporary files; the OS cleans its temp folder eventually.
        }
    }

    private void Scan()
    {
        lock (_scanLock)
        {
            WatchFolders();
            ScanKeys();
            if (_keys is null || _store is null)
            {
                return;
            }

            if (IsSettling(_options.SourceDirectory))
            {
                _reloader?.ScheduleFollowUp(TimeSpan.FromMilliseconds(150));
                return;
            }

            var (bundle, readError) = BundleDirectory.Read(_options.SourceDirectory);
            if (bundle is null)
            {
                if (!string.Equals(_lastJudged, readError, StringComparison.Ordinal))
                {
                    _lastJudged = readError;
                    Reject(RejectionCode.Unreadable, readError!, null);
                }

                return;
            }

            var fingerprint = Fingerprint(bundle);
            if (string.Equals(fingerprint, Serving?.Fingerprint, StringComparison.Ordinal) || string.Equals(fingerprint, _lastJudged, StringComparison.Ordinal))
            {
                return;
            }

            _lastJudged = fingerprint;
            var verdict = QuorumVerifier.VerifyBundle(bundle, _keys, _options.RequiredSignatures, _floor, _time.GetUtcNow());
            if (!verdict.Accepted)
            {
                Reject(verdict.Code, verdict.Reason, verdict.Manifest?.Revision);
                return;
            }

            Apply(bundle, verdict, "bundle.applied");
        }
    }

    private Verification Apply(BundleDirectory bundle, Verification verdict, string auditType)
    {
        var staged = Stage(bundle, verdict.Manifest!);
        var errors = _store!.Adopt(staged);
        if (errors.Count > 0)
        {
            var reason = "policy does not load: " + string.Join("; ", errors.Select(e => e.ToString().Replace(staged, "", StringComparison.Ordinal)));
            Reject(RejectionCode.InvalidPolicy, reason, verdict.Manifest!.Revision);
            TryDelete(staged);
            return Verification.Reject(RejectionCode.InvalidPolicy, reason, verdict.Manifest);
        }

        var previous = Serving;
        Accept(staged, bundle, verdict, auditType);
        if (previous is not null)
        {
            TryDelete(previous.StagedDirectory);
        }

        return verdict;
    }

    private void Accept(string staged, BundleDirectory bundle, Verification verdict, string auditType)
    {
        var manifest = verdict.Manifest!;
        StageTenants(bundle);
        var fingerprint = Fingerprint(bundle);
        Volatile.Write(ref _serving, new ServingBundle(manifest, verdict.Signers, staged, fingerprint, _time.GetUtcNow()));
        if (auditType != "bundle.rollback")
        {
            _history.Add((bundle, fingerprint));
            if (_history.Count > HistoryDepth)
            {
                _history.RemoveAt(0);
            }
        }

        _floor = Math.Max(_floor ?? 0, manifest.Revision);
        _lastJudged = null;
        var signers = string.Join(", ", verdict.Signers);
        if (auditType == "bundle.rollback")
        {
            ChangeControlLog.RolledBack(_logger, manifest.Revision, signers);
        }
        else
        {
            ChangeControlLog.Applied(_logger, manifest.Revision, signers);
        }

        _audit?.Append(auditType, [new("revision", manifest.Revision), new("signers", verdict.Signers), new("files", manifest.Files.Count)]);
    }

    private void Reject(RejectionCode code, string reason, long? revision)
    {
        Volatile.Write(ref _lastRejection, new BundleRejection(code, reason, revision, _time.GetUtcNow()));
        ChangeControlLog.Rejected(_logger, _options.SourceDirectory, code, reason, Serving?.Manifest.Revision ?? 0);
        _audit?.Append("bundle.rejected", [new("code", code.ToString()), new("reason", reason), new("revision", revision), new("serving_revision", Serving?.Manifest.Revision)]);
    }

    private void WatchFolders()
    {
        var folders = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(_options.SourceDirectory) };
        if (Path.GetDirectoryName(Path.GetFullPath(_options.TrustedKeysPath)) is { } keysFolder)
        {
            folders.Add(keysFolder);
        }

        try
        {
            foreach (var sub in Directory.EnumerateDirectories(_options.SourceDirectory, "*", SearchOption.AllDirectories))
            {
                folders.Add(sub);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The poll still runs.
        }

        _reloader?.Watch(folders);
    }

    /// <summary>A replaced trusted-keys file applies only with the quorum of the keys in force.</summary>
    private void ScanKeys()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_options.TrustedKeysPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // keep the keys in force; a missing file is no reason to trust nobody mid-flight
        }

        if (_keys is null || (_keysBytes is not null && bytes.AsSpan().SequenceEqual(_keysBytes)))
        {
            return;
        }

        _keysBytes = bytes;
        var (candidate, error) = TrustedKeySet.Parse(bytes);
        var verdict = candidate is null
            ? Verification.Reject(RejectionCode.MalformedManifest, error!)
            : QuorumVerifier.VerifyKeySet(candidate, _keys, _options.RequiredSignatures);
        if (!verdict.Accepted)
        {
            Volatile.Write(ref _lastRejection, new BundleRejection(verdict.Code, "trusted keys: " + verdict.Reason, null, _time.GetUtcNow()));
            ChangeControlLog.KeysRejected(_logger, _options.TrustedKeysPath, verdict.Code, verdict.Reason);
            _audit?.Append("keys.rejected", [new("code", verdict.Code.ToString()), new("reason", verdict.Reason)]);
            return;
        }

        Volatile.Write(ref _keys, candidate);
        _lastJudged = null; // a bundle refused for its signers may now pass
        ChangeControlLog.KeysReplaced(_logger, _options.TrustedKeysPath, candidate!.Keys.Count, string.Join(", ", verdict.Signers));
        _audit?.Append("keys.replaced", KeysFields(candidate, verdict.Signers));
    }

    /// <summary>
    /// The trusted-keys file found at start must be the set the audit trail last recorded, or be signed by the quorum
    /// of that set: otherwise replacing the file and restarting would bypass the rule that applies while running.
    /// The very first start (nothing recorded) takes the file as the root of trust and records it.
    /// </summary>
    private string? CheckKeysAtStart(TrustedKeySet found)
    {
        if (_audit is null)
        {
            return null;
        }

        var recorded = _audit.LastTrustedKeys;
        if (recorded.Count == 0)
        {
            _audit.Append("keys.trusted", KeysFields(found, []));
            return null;
        }

        var previous = TrustedKeySet.Create(recorded.Select(spki => new TrustedKey(KeyIds.Of(spki), spki)));
        if (previous.Keys.Select(k => k.KeyId).SequenceEqual(found.Keys.Select(k => k.KeyId), StringComparer.Ordinal))
        {
            return null;
        }

        var verdict = QuorumVerifier.VerifyKeySet(found, previous, _options.RequiredSignatures);
        if (!verdict.Accepted)
        {
            Volatile.Write(ref _lastRejection, new BundleRejection(verdict.Code, "trusted keys: " + verdict.Reason, null, _time.GetUtcNow()));
            _audit.Append("keys.rejected", [new("code", verdict.Code.ToString()), new("reason", verdict.Reason), new("at_start", true)]);
            return $"trusted-keys file {_options.TrustedKeysPath} differs from the keys the audit trail last recorded and is not signed by them ({verdict.Code}): {verdict.Reason}";
        }

        _audit.Append("keys.replaced", KeysFields(found, verdict.Signers));
        return null;
    }

    private static List<KeyValuePair<string, object?>> KeysFields(TrustedKeySet set, IReadOnlyList<string> signers) =>
    [
        new("keys", set.Keys.Select(k => k.KeyId).ToList()),
        new("public_keys", set.Keys.Select(k => Convert.ToBase64String(k.PublicKey)).ToList()),
        new("signers", signers),
    ];

    private ((TrustedKeySet Set, byte[] Bytes)? Keys, string? Error) ReadKeys()
    {
        try
        {
            var bytes = File.ReadAllBytes(_options.TrustedKeysPath);
            var (set, error) = TrustedKeySet.Parse(bytes);
            return set is null ? (null, $"{_options.TrustedKeysPath}: {error}") : ((set, bytes), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read trusted-keys file {_options.TrustedKeysPath}: {ex.Message}");
        }
    }

    /// <summary>Writes the verified bytes to a new folder under the private stage root.</summary>
    private string Stage(BundleDirectory bundle, BundleManifest manifest)
    {
        var folder = Path.Combine(_stageRoot.FullName, $"rev-{manifest.Revision}-{Interlocked.Increment(ref _stageCounter)}");
        foreach (var (relative, bytes) in bundle.Files)
        {
            var target = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Replaces the staged tenants file in one rename (or removes it when the bundle has none).</summary>
    private void StageTenants(BundleDirectory bundle)
    {
        if (!bundle.Files.TryGetValue(TenantsFile, out var bytes))
        {
            if (File.Exists(TenantsPath))
            {
                File.Delete(TenantsPath);
            }

            return;
        }

        if (File.Exists(TenantsPath) && File.ReadAllBytes(TenantsPath).AsSpan().SequenceEqual(bytes))
        {
            return;
        }

        var temporary = TenantsPath + ".next";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, TenantsPath, overwrite: true);
    }

    /// <summary>Identifies a bundle's exact bytes (manifest and every file): equal fingerprints, the same bundle.</summary>
    internal static string Fingerprint(BundleDirectory bundle)
    {
        var text = new StringBuilder();
        text.Append(bundle.ManifestBytes is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(bundle.ManifestBytes)));
        foreach (var (path, digest) in bundle.Digests())
        {
            text.Append('|').Append(path).Append('=').Append(digest);
        }

        return text.ToString();
    }

    /// <summary>A deploy copying files right now: wait for it to finish rather than judge (and audit) a half-copied bundle.</summary>
    internal static bool IsSettling(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Any(f => FileReloader.IsSettling(f, TimeSpan.FromMilliseconds(100)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A staged copy left behind is harmless; the stage root goes at dispose.
        }
    }
}
