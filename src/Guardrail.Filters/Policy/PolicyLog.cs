using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Policy;

/// <summary>Source-generated log messages for policy loading and hot reload.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Policy '{PolicyName}' loaded from {PolicyPath}")]
    public static partial void PolicyLoaded(ILogger logger, string policyName, string policyPath);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Policy '{PolicyName}' removed because {PolicyPath} was deleted")]
    public static partial void PolicyRemoved(ILogger logger, string policyName, string policyPath);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "Policy store is at version {Version}, serving {PolicyCount} policies (rescan took {ElapsedMs} ms)")]
    public static partial void StoreSwapped(ILogger logger, int version, int policyCount, long elapsedMs);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error,
        Message = "Policy file {PolicyPath} rejected: {ErrorFile}:{Line}:{Column}: {Field}: {Reason}")]
    public static partial void PolicyRejected(
        ILogger logger, string policyPath, string errorFile, int line, int column, string field, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error,
        Message = "Policy source {PolicyPath} unusable: {Reason}; current policies keep serving")]
    public static partial void SourceUnavailable(ILogger logger, string policyPath, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error,
        Message = "Policy rescan failed unexpectedly; current policies keep serving")]
    public static partial void ScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning,
        Message = "Cannot watch {Directory} for policy changes ({Reason}); relying on polling")]
    public static partial void WatchUnavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning,
        Message = "Policy file watcher reported an error; relying on polling")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);

    /// <summary>Logs each error of a rejected file as its own entry, so log search finds every location.</summary>
    public static void Rejected(ILogger logger, string policyPath, IEnumerable<PolicyError> errors)
    {
        foreach (var e in errors)
        {
            PolicyRejected(logger, policyPath, e.File, e.Line, e.Column, e.Field, e.Message);
        }
    }
}
