using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.ChangeControl;

/// <summary>Source-generated log messages of change control.</summary>
internal static partial class ChangeControlLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Policy bundle revision {Revision} applied, signed by {Signers}")]
    public static partial void Applied(ILogger logger, long revision, string signers);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error,
        Message = "Policy bundle in {Directory} rejected ({Code}): {Reason}; revision {ServingRevision} keeps serving")]
    public static partial void Rejected(ILogger logger, string directory, RejectionCode code, string reason, long servingRevision);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information,
        Message = "Trusted-keys file {Path} replaced: {KeyCount} keys, signed by {Signers}")]
    public static partial void KeysReplaced(ILogger logger, string path, int keyCount, string signers);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error,
        Message = "Trusted-keys file {Path} change rejected ({Code}): {Reason}; the keys in force stay")]
    public static partial void KeysRejected(ILogger logger, string path, RejectionCode code, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning,
        Message = "Policy bundle rolled back to revision {Revision} (signed by {Signers})")]
    public static partial void RolledBack(ILogger logger, long revision, string signers);
}
