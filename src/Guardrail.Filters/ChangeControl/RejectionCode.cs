namespace Guardrail.Filters.ChangeControl;

/// <summary>Why a bundle or trusted-keys file was not applied; stable names for logs, the audit trail and tests.</summary>
internal enum RejectionCode
{
    None,
    Unreadable,
    NoManifest,
    MalformedManifest,
    FileChanged,
    FileAdded,
    FileRemoved,
    Unsigned,
    MissingKeyId,
    UntrustedKey,
    BadSignature,
    DuplicateSigner,
    TooFewSignatures,
    Expired,
    RevisionNotHigher,
    InvalidPolicy,
}
