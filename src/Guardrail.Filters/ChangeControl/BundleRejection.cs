namespace Guardrail.Filters.ChangeControl;

/// <summary>The last bundle or trusted-keys file that was refused, and why.</summary>
internal sealed record BundleRejection(RejectionCode Code, string Reason, long? Revision, DateTimeOffset At);
