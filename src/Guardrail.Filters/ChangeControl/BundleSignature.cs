namespace Guardrail.Filters.ChangeControl;

/// <summary>One signature in a bundle manifest: who signed (key id) and the signature over the canonical manifest bytes.</summary>
/// <param name="KeyId">The signer's key id (<see cref="KeyIds.Of"/>: a fingerprint of the public key).</param>
/// <param name="Signature">Base64 ECDSA P-256 / SHA-256 signature (IEEE P1363 format) over <see cref="BundleManifest.CanonicalBytes"/>.</param>
internal sealed record BundleSignature(string KeyId, string Signature);
