using Guardrail.Filters.Policy;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// A verified candidate bundle running as the shadow policy: its manifest and signers, the digest of its manifest
/// (what a reviewer signs and <c>policy promote</c> checks), its own policy store over the staged bytes, and what it
/// has seen so far.
/// </summary>
internal sealed record ShadowCandidate(
    BundleManifest Manifest,
    IReadOnlyList<string> Signers,
    string Fingerprint,
    string ManifestSha256,
    string StagedDirectory,
    PolicyStore Store,
    DateTimeOffset AppliedAt)
{
    public ShadowStats Stats { get; } = new();
}
