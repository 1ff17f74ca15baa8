using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Policy;

/// <summary>
/// Holds the loaded policies and keeps them current while the proxy runs.
/// </summary>
/// <remarks>
/// <para>The source is a directory (every <c>*.yaml</c>/<c>*.yml</c> directly in it, except dot-files, is a policy)
/// or a single file. Readers get an immutable <see cref="PolicySnapshot"/> published with a volatile write, so a
/// request that captured a <see cref="GuardPolicy"/> finishes under that object whatever reloads happen meanwhile.</para>
/// <para>Reload: a <see cref="FileSystemWatcher"/> on the policy folder and on every lexicon folder triggers a
/// debounced rescan, and a poll re-hashes all policy and lexicon files every second because watchers miss events on
/// some file systems and with some editors (that machinery is <see cref="FileReloader"/>, shared with the tenants
/// store). A rescan reloads only files whose policy bytes, lexicon path or lexicon bytes changed (SHA-256), so an
/// unchanged policy keeps its object identity.</para>
/// <para>Rules: an invalid file is rejected and logged, and its last good version keeps serving. Names must be
/// unique across files; a change that would duplicate a name is rejected. The store always has a default (the policy
/// named <c>default</c>, or the only policy): with more than one policy one must be named <c>default</c>, and a change
/// that breaks this is rejected. A deleted file's policy is removed once the file has been missing for
/// <see cref="PolicyStoreOptions.DeleteGrace"/> (editors that save by delete-and-recreate leave short gaps), except
/// the policy serving as default: deleting its file never silently promotes another policy, so it stays in service
/// (error in <see cref="LastErrors"/>) until its name is declared again (a renamed file is fine) or the proxy
/// restarts. Rejected changes are re-evaluated on every scan, so they apply once the conflict is gone.</para>
/// </remarks>
internal sealed partial class PolicyStore : IDisposable
{
    private const string StoreField = "(store)";

    private readonly string _sourcePath;
    private readonly bool _isDirectory;
    private readonly ILogger<PolicyStore> _logger;
    private readonly PolicyStoreOptions _options;
    private readonly FileReloader _reloader;

    // Touched only by scans, which the reloader runs one at a time.
    private readonly Dictionary<string, PolicyFileState> _files = new(StringComparer.Ordinal);
    private string? _lastSourceProblem;

    private PolicySnapshot _snapshot = PolicySnapshot.Empty;
    private IReadOnlyList<PolicyError> _lastErrors = [];
    private int _initialized;

    public PolicyStore(string path, ILogger<PolicyStore> logger)
        : this(path, logger, PolicyStoreOptions.Default)
    {
    }

    internal PolicyStore(string path, ILogger<PolicyStore> logger, PolicyStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        _sourcePath = Path.GetFullPath(path);
        _isDirectory = Directory.Exists(_sourcePath);
        _logger = logger;
        _options = options;
        _reloader = new FileReloader(Scan, _sourcePath, options.PollInterval, options.Debounce, options.UseFileSystemWatcher, logger);
    }

    /// <summary>The current generation; read it once per request for a consistent view.</summary>
    public PolicySnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>The policy named <c>default</c>, or the only policy.</summary>
    /// <exception cref="InvalidOperationException">No valid policy is loaded (see <see cref="IsReady"/>).</exception>
    public GuardPolicy Default =>
        Current.Default ?? throw new InvalidOperationException(
            $"No policy is loaded from {_sourcePath}; check IsReady and the errors from Initialize().");

    /// <summary>Incremented each time a changed set of policies is published; 0 before the first.</summary>
    public int Version => Current.Version;

    /// <summary>True once a default policy is loaded.</summary>
    public bool IsReady => Current.Default is not null;

    /// <summary>
    /// Outstanding problems: for each file whose latest content is not serving, why not; plus source-level problems.
    /// Empty when every file on disk is serving its latest content.
    /// </summary>
    public IReadOnlyList<PolicyError> LastErrors => Volatile.Read(ref _lastErrors);

    /// <summary>
    /// Loads every policy and starts watching for changes. Returns every error found; the caller decides whether
    /// to start (a tolerant caller still gets fixes applied by hot reload).
    /// </summary>
    public IReadOnlyList<PolicyError> Initialize()
    {
        ObjectDisposedException.ThrowIf(_reloader.IsDisposed, this);
        if (Interlocked.Exchange(ref _initialized, 1) != 0)
        {
            throw new InvalidOperationException("PolicyStore.Initialize was already called.");
        }

        _reloader.Start();
        return LastErrors;
    }

    /// <summary>Looks up a policy by the name routes use in their <c>guardrail-policy</c> metadata.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out GuardPolicy policy) =>
        Current.ByName.TryGetValue(name, out policy);

    /// <summary>Stops reloading; waits for a running scan.</summary>
    public void Dispose() => _reloader.Dispose();

    private void Scan(bool initial)
    {
        var started = Stopwatch.GetTimestamp();
        var sourceErrors = new List<PolicyError>();
        var paths = ListPolicyFiles(sourceErrors);
        if (paths is not null)
        {
            var lexiconDigests = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                Observe(path, lexiconDigests, initial);
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var state in _files.Values)
            {
                if (!paths.Contains(state.Path, StringComparer.Ordinal))
                {
                    state.MissingSince ??= now;
                }
            }

            Decide(now, started);

            // Remove a deleted file's policy as soon as its grace ends, not at the poll after.
            foreach (var state in _files.Values)
            {
                var left = state.MissingSince is { } since ? _options.DeleteGrace - Stopwatch.GetElapsedTime(since, now) : TimeSpan.Zero;
                if (left > TimeSpan.Zero)
                {
                    _reloader.ScheduleFollowUp(left + TimeSpan.FromMilliseconds(10));
                }
            }
        }

        var errors = new List<PolicyError>(sourceErrors);
        foreach (var state in _files.Values.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            errors.AddRange(state.CurrentErrors());
        }

        Volatile.Write(ref _lastErrors, errors.ToArray());
        UpdateWatchers();
    }

    /// <summary>The policy files now present, or null when the source itself is unusable (then nothing changes).</summary>
    private List<string>? ListPolicyFiles(List<PolicyError> sourceErrors)
    {
        List<string>? paths = null;
        string? problem = null;
        if (!_isDirectory)
        {
            // A missing single file goes through the normal deletion rules (grace, keep the default).
            paths = File.Exists(_sourcePath) ? [_sourcePath] : [];
            if (paths.Count == 0)
            {
                problem = "policy file not found";
            }
        }
        else
        {
            try
            {
                paths = [.. Directory.EnumerateFiles(_sourcePath)
                    .Where(IsPolicyFileName)
                    .Order(StringComparer.Ordinal)];
                if (paths.Count == 0)
                {
                    problem = "no policy files (*.yaml, *.yml) in the directory";
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The directory vanished or became unreadable (e.g. a remount): treating that as "every file deleted"
                // would drop policies, so keep serving what is loaded until it is back.
                problem = $"cannot list the policy directory: {ex.Message}";
            }
        }

        if (problem is not null)
        {
            sourceErrors.Add(new PolicyError(_sourcePath, 0, 0, StoreField, problem));
            if (!string.Equals(problem, _lastSourceProblem, StringComparison.Ordinal))
            {
                PolicyLog.SourceUnavailable(_logger, _sourcePath, problem);
            }
        }

        _lastSourceProblem = problem;
        return paths;
    }

    private static bool IsPolicyFileName(string path)
    {
        var name = Path.GetFileName(path);
        // Dot-files are editor artefacts (e.g. Emacs lock links ".#default.yaml"), never policies.
        return !name.StartsWith('.')
            && (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Fingerprints one present file and loads it if its content (or its lexicon's) is new.</summary>
    private void Observe(string path, Dictionary<string, string> lexiconDigests, bool initial)
    {
        if (!_files.TryGetValue(path, out var state))
        {
            state = new PolicyFileState(path);
            _files[path] = state;
        }

        state.MissingSince = null;
        state.RemovalError = null;

        byte[] content;
        try
        {
            if (new FileInfo(path).Length > PolicyLoader.MaxFileBytes)
            {
                throw new IOException($"file is larger than {PolicyLoader.MaxFileBytes} bytes");
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Often transient (locked mid-save, deleted after listing): report once, retry on the next scan.
            var error = new PolicyError(path, 0, 0, PolicyLoader.DocumentField, $"cannot read file: {ex.Message}");
            if (state.ReadError != error)
            {
                PolicyLog.Rejected(_logger, path, [error]);
            }

            state.ReadError = error;
            return;
        }

        state.ReadError = null;
        var policyDigest = Convert.ToHexString(SHA256.HashData(content));
        var lexicon = state.LexiconPath;
        var fingerprint = Fingerprint(policyDigest, lexicon, lexicon is null ? null : CachedDigest(lexicon, lexiconDigests)) + ModelStamp(state.ModelFiles);
        if (string.Equals(fingerprint, state.AcceptedFingerprint, StringComparison.Ordinal))
        {
            ClearAttempt(state);
            return;
        }

        if (string.Equals(fingerprint, state.AttemptFingerprint, StringComparison.Ordinal))
        {
            return; // Already evaluated (and logged); a conflict is re-checked in Decide.
        }

        // A file written moments ago may still be mid-write; a truncated file can parse as a valid but weaker policy
        // (fewer categories, a shorter lexicon). Wait until it settles. At startup there is nothing to fall back on.
        if (!initial && (FileReloader.IsSettling(path, _options.SettleTime) || (lexicon is not null && FileReloader.IsSettling(lexicon, _options.SettleTime))))
        {
            _reloader.ScheduleFollowUp(_options.SettleTime);
            return;
        }

        // Digest the lexicon immediately before it is read, so an edit racing this load changes the next fingerprint.
        string? loadedLexiconDigest = null;
        PolicyLoadResult result;
        try
        {
            result = PolicyLoader.Load(path, content, p => loadedLexiconDigest = DigestFile(p));
        }
#pragma warning disable CA1031 // A loader bug on one file must not stop the others; as an error value it is reported once per content.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new PolicyLoadResult(null, [new PolicyError(path, 0, 0, PolicyLoader.DocumentField, $"internal error while loading: {ex.Message}")])
            {
                LexiconPath = lexicon,
            };
        }

        lexicon = result.LexiconPath;
        state.LexiconPath = lexicon;
        state.Attempt = result;
        state.ModelFiles = result.ModelFiles;
        state.AttemptFingerprint = Fingerprint(policyDigest, lexicon, lexicon is null ? null : loadedLexiconDigest ?? DigestFile(lexicon)) + ModelStamp(state.ModelFiles);
        state.ConflictError = null;
        if (string.Equals(state.AttemptFingerprint, state.AcceptedFingerprint, StringComparison.Ordinal))
        {
            // Back to the content that is serving: keep that object (no version bump, no new identity).
            ClearAttempt(state);
            return;
        }

        if (!result.Succeeded)
        {
            PolicyLog.Rejected(_logger, path, result.Errors);
        }
    }

    /// <summary>Applies pending valid changes and removals that keep the store consistent, then publishes.</summary>
    private void Decide(long now, long started)
    {
        // Files that vanished before ever serving need no rules.
        foreach (var gone in _files.Values.Where(s => s.MissingSince is not null && s.Accepted is null).ToList())
        {
            _files.Remove(gone.Path);
        }

        var updates = _files.Values
            .Where(s => s.MissingSince is null && s.Attempt is { Succeeded: true })
            .OrderBy(s => string.Equals(s.Attempt!.Policy!.Name, "default", StringComparison.Ordinal) ? 0 : 1) // a new default makes others acceptable
            .ThenBy(s => s.Path, StringComparer.Ordinal)
            .ToList();

        // A policy whose name another file now declares was moved (renamed file): no reason to wait out the grace,
        // and waiting would report the new file as a duplicate meanwhile.
        var movedNames = updates.Select(s => s.Attempt!.Policy!.Name).ToHashSet(StringComparer.Ordinal);
        var removals = _files.Values
            .Where(s => s.MissingSince is { } since
                && (Stopwatch.GetElapsedTime(since, now) >= _options.DeleteGrace || movedNames.Contains(s.Accepted!.Name)))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
        if (removals.Count == 0 && updates.Count == 0)
        {
            return;
        }

        var serving = _files.Values
            .Where(s => s.Accepted is not null)
            .ToDictionary(s => s.Path, s => s.Accepted!, StringComparer.Ordinal);

        var all = new Dictionary<string, GuardPolicy>(serving, StringComparer.Ordinal);
        removals.ForEach(s => all.Remove(s.Path));
        updates.ForEach(s => all[s.Path] = s.Attempt!.Policy!);

        // Deleting the default's file must not silently promote another policy to default: its name has to survive
        // (e.g. the file was renamed or the policy moved to another file).
        var currentDefault = Current.Default;
        var required = removals.Any(s => ReferenceEquals(s.Accepted, currentDefault)) ? currentDefault!.Name : null;
        List<PolicyFileState> acceptedRemovals;
        List<PolicyFileState> acceptedUpdates;
        if (Problem(all, required) is null)
        {
            (acceptedRemovals, acceptedUpdates) = (removals, updates);
        }
        else
        {
            (acceptedRemovals, acceptedUpdates) = ApplyOneByOne(serving, removals, updates, currentDefault);
        }

        foreach (var state in acceptedRemovals)
        {
            _files.Remove(state.Path);
            PolicyLog.PolicyRemoved(_logger, state.Accepted!.Name, state.Path);
        }

        foreach (var state in acceptedUpdates)
        {
            state.Accepted = state.Attempt!.Policy;
            state.AcceptedFingerprint = state.AttemptFingerprint;
            ClearAttempt(state);
            PolicyLog.PolicyLoaded(_logger, state.Accepted!.Name, state.Path);
        }

        if (acceptedRemovals.Count + acceptedUpdates.Count == 0)
        {
            return;
        }

        var policies = _files.Values.Where(s => s.Accepted is not null).Select(s => s.Accepted!).ToList();
        var byName = policies.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        var next = new PolicySnapshot(byName, DefaultOf(byName), Current.Version + 1);
        Volatile.Write(ref _snapshot, next);
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        PolicyLog.StoreSwapped(_logger, next.Version, byName.Count, elapsedMs);
    }

    /// <summary>
    /// Some pending change breaks a rule: apply changes one at a time, each only if the result is consistent, and
    /// repeat while progress is made (a removal can become acceptable once another file's new default is applied).
    /// Rejected changes get an error and are re-evaluated on the next scan.
    /// </summary>
    private (List<PolicyFileState> Removals, List<PolicyFileState> Updates) ApplyOneByOne(
        Dictionary<string, GuardPolicy> serving,
        List<PolicyFileState> removals,
        List<PolicyFileState> updates,
        GuardPolicy? currentDefault)
    {
        string? required = null; // set once the default's file is removed: its name must stay declared
        var working = new Dictionary<string, GuardPolicy>(serving, StringComparer.Ordinal);
        var pendingRemovals = new List<PolicyFileState>(removals);
        var pendingUpdates = new List<PolicyFileState>(updates);
        var acceptedRemovals = new List<PolicyFileState>();
        var acceptedUpdates = new List<PolicyFileState>();
        bool progress;
        do
        {
            progress = false;
            foreach (var state in pendingRemovals.ToList())
            {
                var trial = new Dictionary<string, GuardPolicy>(working, StringComparer.Ordinal);
                trial.Remove(state.Path);
                var requires = ReferenceEquals(state.Accepted, currentDefault) ? currentDefault!.Name : required;
                if (Problem(trial, requires) is null)
                {
                    working = trial;
                    required = requires;
                    pendingRemovals.Remove(state);
                    acceptedRemovals.Add(state);
                    progress = true;
                }
            }

            foreach (var state in pendingUpdates.ToList())
            {
                var trial = new Dictionary<string, GuardPolicy>(working, StringComparer.Ordinal) { [state.Path] = state.Attempt!.Policy! };
                if (Problem(trial, required) is null)
                {
                    working = trial;
                    pendingUpdates.Remove(state);
                    acceptedUpdates.Add(state);
                    progress = true;
                }
            }
        }
        while (progress && (pendingRemovals.Count > 0 || pendingUpdates.Count > 0));

        foreach (var state in pendingRemovals)
        {
            var trial = new Dictionary<string, GuardPolicy>(working, StringComparer.Ordinal);
            trial.Remove(state.Path);
            var requires = ReferenceEquals(state.Accepted, currentDefault) ? currentDefault!.Name : required;
            var error = new PolicyError(state.Path, 0, 0, "name",
                $"file was deleted, but policy '{state.Accepted!.Name}' stays in service: {Problem(trial, requires)}");
            if (state.RemovalError != error)
            {
                PolicyLog.Rejected(_logger, state.Path, [error]);
            }

            state.RemovalError = error;
        }

        foreach (var state in pendingUpdates)
        {
            var trial = new Dictionary<string, GuardPolicy>(working, StringComparer.Ordinal) { [state.Path] = state.Attempt!.Policy! };
            var kept = state.Accepted is null ? "" : $"; the previous version of '{state.Accepted.Name}' keeps serving";
            var error = new PolicyError(state.Path, 0, 0, "name",
                $"policy '{state.Attempt.Policy!.Name}' not applied: {Problem(trial, required)}{kept}");
            if (state.ConflictError != error)
            {
                PolicyLog.Rejected(_logger, state.Path, [error]);
            }

            state.ConflictError = error;
        }

        return (acceptedRemovals, acceptedUpdates);
    }

    /// <summary>
    /// Why a set of policies (by file) cannot be published, or null if it can. <paramref name="requiredName"/> is
    /// the current default's name when its file is being removed.
    /// </summary>
    private static string? Problem(Dictionary<string, GuardPolicy> byPath, string? requiredName)
    {
        if (byPath.Count == 0)
        {
            return "no policy would remain";
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, policy) in byPath.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!owners.TryAdd(policy.Name, path))
            {
                return $"policy name '{policy.Name}' is declared by both {owners[policy.Name]} and {path}; names must be unique";
            }
        }

        if (requiredName is not null && !owners.ContainsKey(requiredName))
        {
            return $"'{requiredName}' is the default policy and cannot be removed while the proxy runs "
                + $"(restore the file, or declare '{requiredName}' in another file)";
        }

        return byPath.Count > 1 && !owners.ContainsKey("default")
            ? $"with {byPath.Count} policies one must be named 'default' (routes without a policy use it)"
            : null;
    }

    private static GuardPolicy? DefaultOf(FrozenDictionary<string, GuardPolicy> byName) =>
        byName.TryGetValue("default", out var named) ? named
        : byName.Count == 1 ? byName.Values[0]
        : null;

    private static void ClearAttempt(PolicyFileState state)
    {
        state.Attempt = null;
        state.AttemptFingerprint = null;
        state.ConflictError = null;
    }

    private static string Fingerprint(string policyDigest, string? lexiconPath, string? lexiconDigest) =>
        $"{policyDigest}|{lexiconPath}|{lexiconDigest}";

    /// <summary>
    /// Size and write time of the model tiers' files (heads, ONNX models, vocabularies): a model can weigh hundreds of
    /// megabytes, too much to hash every second, and replacing one changes its stamp.
    /// </summary>
    private static string ModelStamp(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return "";
        }

        var stamp = new System.Text.StringBuilder();
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            stamp.Append('|').Append(info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "missing");
        }

        return stamp.ToString();
    }

    private static string CachedDigest(string path, Dictionary<string, string> cache)
    {
        if (!cache.TryGetValue(path, out var digest))
        {
            digest = DigestFile(path);
            cache[path] = digest;
        }

        return digest;
    }

    /// <summary>SHA-256 of a file's bytes, or a marker for missing/unreadable (so a later fix differs from it).</summary>
    private static string DigestFile(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "missing";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    /// <summary>Keeps one watcher per folder holding a policy source or a referenced lexicon.</summary>
    private void UpdateWatchers()
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal)
        {
            _isDirectory ? _sourcePath : Path.GetDirectoryName(_sourcePath) ?? _sourcePath,
        };
        foreach (var state in _files.Values)
        {
            AddFolderOf(wanted, state.LexiconPath);
            AddFolderOf(wanted, state.Accepted?.LexiconPath);
            foreach (var file in state.ModelFiles)
            {
                AddFolderOf(wanted, file);
            }
        }

        _reloader.Watch(wanted);
    }

    private static void AddFolderOf(HashSet<string> folders, string? file)
    {
        if (!string.IsNullOrEmpty(file) && Path.GetDirectoryName(file) is { Length: > 0 } folder)
        {
            folders.Add(folder);
        }
    }
}
