using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Capture;

/// <summary>Source-generated log messages of the encrypted capture (ids and counts only).</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(EventId = 1320, Level = LogLevel.Information,
        Message = "Blocked text is captured, encrypted to {KeyId}, in {Directory} for {RetentionDays} day(s)")]
    public static partial void Enabled(ILogger logger, string keyId, string directory, int retentionDays);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Warning,
        Message = "Capture of request {RequestId} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Information,
        Message = "Capture retention: deleted {Files} after {RetentionDays} day(s)")]
    public static partial void Purged(ILogger logger, string files, int retentionDays);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Error,
        Message = "Capture write failed: {Reason}")]
    public static partial void WriteFailed(ILogger logger, string reason);
}
