using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.ChangeControl;

/// <summary>Source-generated log messages of the shadow policy (never any text, only ids, names and counts).</summary>
internal static partial class ShadowLog
{
    [LoggerMessage(EventId = 1310, Level = LogLevel.Information,
        Message = "Shadow policy revision {Revision} (signed by {Signers}) screens beside live revision {LiveRevision}, without acting")]
    public static partial void Started(ILogger logger, long revision, string signers, long liveRevision);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Error,
        Message = "Shadow bundle in {Directory} rejected ({Code}): {Reason}; shadow revision {ShadowRevision} keeps running")]
    public static partial void Rejected(ILogger logger, string directory, RejectionCode code, string reason, long? shadowRevision);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information,
        Message = "Shadow policy revision {Revision} stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, long revision, string reason);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning,
        Message = "Shadow policy dropped {Dropped} sample(s) since the last report (queue full or live traffic waiting for models); live traffic is not affected")]
    public static partial void Dropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning,
        Message = "Shadow screen of request {RequestId} failed: {Error}; live traffic is not affected")]
    public static partial void Failed(ILogger logger, string requestId, string error);
}
