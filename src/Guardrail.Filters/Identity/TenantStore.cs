using System.Security.Cryptography;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Identity;

/// <summary>
/// Holds the tenants file and keeps it current while the proxy runs, with the same reload machinery and rules as the
/// policy store (<see cref="FileReloader"/>): an invalid edit is rejected and logged and the last good version keeps
/// serving; a deleted file keeps its last version serving (deleting it must not revoke every key nor lift every limit
/// by accident); a file is loaded only once it has settled.
/// </summary>
internal sealed class TenantStore : IDisposable
{
    private readonly string _path;
    private readonly bool _required;
    private readonly ILogger<TenantStore> _logger;
    private readonly PolicyStoreOptions _options;
    private readonly FileReloader _reloader;

    // Touched only by scans, which the reloader runs one at a time.
    private string? _acceptedDigest;
    private string? _attemptDigest;
    private bool _loadedOnce;
    private bool _reportedMissing;

    private AccessPolicy _current = AccessPolicy.Empty;
    private IReadOnlyList<PolicyError> _lastErrors = [];
    private int _version;

    /// <param name="path">The tenants file.</param>
    /// <param name="required">True when the path was configured explicitly: then a missing file stops start-up.</param>
    /// <param name="logger">Load and reject events.</param>
    public TenantStore(string path, bool required, ILogger<TenantStore> logger)
        : this(path, required, logger, PolicyStoreOptions.Default)
    {
    }

    internal TenantStore(string path, bool required, ILogger<TenantStore> logger, PolicyStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        _path = Path.GetFullPath(path);
        _required = required;
        _logger = logger;
        _options = options;
        _reloader = new FileReloader(Scan, _path, options.PollInterval, options.Debounce, options.UseFileSystemWatcher, logger);
    }

    public string FilePath => _path;

    /// <summary>The tenants in force; read it once per request.</summary>
    public AccessPolicy Current => Volatile.Read(ref _current);

    /// <summary>Incremented on each published change.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Why the file on disk is not the version serving; empty when it is.</summary>
    public IReadOnlyList<PolicyError> LastErrors => Volatile.Read(ref _lastErrors);

    /// <summary>Loads the file and starts watching it; returns the errors that should stop start-up.</summary>
    public IReadOnlyList<PolicyError> Initialize()
    {
        _reloader.Start();
        return LastErrors;
    }

    public void Dispose() => _reloader.Dispose();

    private void Scan(bool initial)
    {
        var folder = Path.GetDirectoryName(_path);
        try
        {
            ScanFile(initial);
        }
        finally
        {
            _reloader.Watch(folder is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { folder });
        }
    }

    private void ScanFile(bool initial)
    {
        byte[] content;
        try
        {
            if (!File.Exists(_path))
            {
                Missing(initial);
                return;
            }

            content = File.ReadAllBytes(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SetErrors([new PolicyError(_path, 0, 0, "(document)", $"cannot read file: {ex.Message}")], log: !initial);
            return;
        }

        _reportedMissing = false;
        var digest = Convert.ToHexString(SHA256.HashData(content));
        if (string.Equals(digest, _acceptedDigest, StringComparison.Ordinal))
        {
            SetErrors([], log: false);
            return;
        }

        if (string.Equals(digest, _attemptDigest, StringComparison.Ordinal))
        {
            return; // Already rejected and logged.
        }

        if (!initial && FileReloader.IsSettling(_path, _options.SettleTime))
        {
            _reloader.ScheduleFollowUp(_options.SettleTime);
            return;
        }

        var (policy, errors) = AccessPolicyLoader.Load(_path, content);
        if (policy is null)
        {
            _attemptDigest = digest;
            SetErrors(errors, log: true);
            return;
        }

        _acceptedDigest = digest;
        _attemptDigest = null;
        _loadedOnce = true;
        Volatile.Write(ref _current, policy);
        Interlocked.Increment(ref _version);
        SetErrors([], log: false);
        IdentityLog.TenantsLoaded(_logger, _path, policy.Tenants.Count, policy.ByKey.Count);
    }

    private void Missing(bool initial)
    {
        if (_loadedOnce)
        {
            if (!_reportedMissing)
            {
                IdentityLog.TenantsFileGone(_logger, _path);
            }

            _reportedMissing = true;
            SetErrors([new PolicyError(_path, 0, 0, "(document)", "file was deleted; the last loaded version keeps serving")], log: false);
            return;
        }

        if (initial && _required)
        {
            SetErrors([new PolicyError(_path, 0, 0, "(document)", "tenants file not found")], log: false);
            return;
        }

        if (!_reportedMissing)
        {
            IdentityLog.TenantsMissing(_logger, _path);
        }

        _reportedMissing = true;
        SetErrors([], log: false);
    }

    private void SetErrors(IReadOnlyList<PolicyError> errors, bool log)
    {
        if (log)
        {
            IdentityLog.Rejected(_logger, _path, errors);
        }

        Volatile.Write(ref _lastErrors, errors);
    }
}
