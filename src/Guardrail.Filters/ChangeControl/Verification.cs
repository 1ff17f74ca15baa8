namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The outcome of checking a bundle or a trusted-keys file: accepted with its signers, or rejected with a code and a
/// reason an operator can act on. Errors are values: nothing in verification throws for a bad input.
/// </summary>
internal sealed record Verification(RejectionCode Code, string Reason, BundleManifest? Manifest, IReadOnlyList<string> Signers)
{
    public bool Accepted => Code == RejectionCode.None;

    public static Verification Ok(BundleManifest? manifest, IReadOnlyList<string> signers) => new(RejectionCode.None, "", manifest, signers);

    public static Verification Reject(RejectionCode code, string reason, BundleManifest? manifest = null) => new(code, reason, manifest, []);
}
