using System.Globalization;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The two-party rule: a bundle applies only when its files are exactly those the manifest lists (same bytes, none
/// added or removed), it has not expired, its revision is above the serving one, and it carries valid signatures
/// from at least <c>required</c> distinct trusted keys over the canonical manifest.
/// </summary>
internal static class QuorumVerifier
{
    /// <param name="bundle">The bundle as read into memory (what will be loaded, byte for byte).</param>
    /// <param name="trusted">The keys in force.</param>
    /// <param name="required">Distinct trusted signers needed (at least 1).</param>
    /// <param name="servingRevision">The revision serving now (or the highest ever applied), or null before the first.</param>
    /// <param name="now">Current time, for expiry.</param>
    /// <param name="allowLowerRevision">Only the explicit rollback path sets this: a lower revision (still signed) may apply.</param>
    public static Verification VerifyBundle(
        BundleDirectory bundle, TrustedKeySet trusted, int required, long? servingRevision, DateTimeOffset now, bool allowLowerRevision = false)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(trusted);
        if (bundle.ManifestBytes is null)
        {
            return Verification.Reject(RejectionCode.NoManifest, $"no {BundleManifest.FileName} in {bundle.Root} (an unsigned policy directory cannot apply while signatures are required)");
        }

        var (manifest, error) = BundleManifest.Parse(bundle.ManifestBytes);
        if (manifest is null)
        {
            return Verification.Reject(RejectionCode.MalformedManifest, error!);
        }

        var digests = bundle.Digests();
        foreach (var (path, digest) in manifest.Files)
        {
            if (!digests.TryGetValue(path, out var actual))
            {
                return Verification.Reject(RejectionCode.FileRemoved, $"{path} is listed in the manifest but missing (removed after signing)", manifest);
            }

            if (!string.Equals(actual, digest, StringComparison.Ordinal))
            {
                return Verification.Reject(RejectionCode.FileChanged, $"{path} does not match its SHA-256 in the manifest (changed after signing)", manifest);
            }
        }

        if (digests.Keys.FirstOrDefault(p => !manifest.Files.ContainsKey(p)) is { } extra)
        {
            return Verification.Reject(RejectionCode.FileAdded, $"{extra} is not in the manifest (added after signing)", manifest);
        }

        var signed = CheckSignatures(manifest.Signatures, manifest.CanonicalBytes(), trusted, required, "bundle");
        if (!signed.Accepted)
        {
            return signed with { Manifest = manifest };
        }

        if (manifest.Expires is { } expires && expires <= now)
        {
            return Verification.Reject(RejectionCode.Expired, $"bundle revision {manifest.Revision} expired at {expires.ToString("O", CultureInfo.InvariantCulture)}", manifest);
        }

        if (servingRevision is { } serving && manifest.Revision <= serving && !allowLowerRevision)
        {
            return Verification.Reject(RejectionCode.RevisionNotHigher,
                $"revision {manifest.Revision} is not higher than revision {serving} (a rollback needs `guardrail policy rollback`)", manifest);
        }

        return signed with { Manifest = manifest };
    }

    /// <summary>A new trusted-keys file applies only when signed by <paramref name="required"/> distinct keys of the set in force.</summary>
    public static Verification VerifyKeySet(TrustedKeySet candidate, TrustedKeySet current, int required)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        return CheckSignatures(candidate.Signatures, candidate.CanonicalBytes(), current, required, "trusted-keys file");
    }

    private static Verification CheckSignatures(IReadOnlyList<BundleSignature> signatures, byte[] canonical, TrustedKeySet trusted, int required, string what)
    {
        if (signatures.Count == 0)
        {
            return Verification.Reject(RejectionCode.Unsigned, $"{what} carries no signatures; {required} from distinct trusted keys are required");
        }

        if (signatures.Any(s => string.IsNullOrWhiteSpace(s.KeyId)))
        {
            return Verification.Reject(RejectionCode.MissingKeyId, $"{what} has a signature without a key id");
        }

        var valid = new List<string>();
        foreach (var signature in signatures)
        {
            if (!trusted.ById.TryGetValue(signature.KeyId, out var key))
            {
                return Verification.Reject(RejectionCode.UntrustedKey, $"{what} is signed by {signature.KeyId}, which is not a trusted key");
            }

            if (!key.Verifies(canonical, signature.Signature))
            {
                return Verification.Reject(RejectionCode.BadSignature, $"{what} has an invalid signature by {signature.KeyId} (content or manifest changed after signing)");
            }

            valid.Add(signature.KeyId);
        }

        var distinct = valid.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count >= required)
        {
            return Verification.Ok(null, distinct);
        }

        return distinct.Count < valid.Count
            ? Verification.Reject(RejectionCode.DuplicateSigner,
                $"{what} has {valid.Count} signatures but only {distinct.Count} distinct signer(s) ({string.Join(", ", distinct)}); {required} distinct trusted keys are required")
            : Verification.Reject(RejectionCode.TooFewSignatures,
                $"{what} has {distinct.Count} valid signature(s); {required} from distinct trusted keys are required");
    }
}
