using Guardrail.Filters.ChangeControl;

namespace Guardrail.Filters.Tests.ChangeControl;

public sealed class QuorumVerifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrail-quorum-").FullName;
    private readonly SigningKey _alice = SigningKey.Create();
    private readonly SigningKey _bob = SigningKey.Create();
    private readonly SigningKey _carol = SigningKey.Create();
    private readonly TrustedKeySet _trusted;

    public QuorumVerifierTests()
    {
        _trusted = TrustedKeySet.Create([new TrustedKey(_alice.KeyId, _alice.PublicKey), new TrustedKey(_bob.KeyId, _bob.PublicKey)]);
        Directory.CreateDirectory(Path.Combine(_dir, "lexicons"));
        File.WriteAllText(Path.Combine(_dir, "default.yaml"), "name: default\n");
        File.WriteAllText(Path.Combine(_dir, "lexicons", "cbrn.yaml"), "terms: [a, b]\n");
    }

    [Fact]
    public void TwoDistinctTrustedSigners_Accepted()
    {
        Write(Manifest(3, _alice, _bob));

        var verdict = Verify(servingRevision: 2);

        Assert.True(verdict.Accepted, verdict.Reason);
        Assert.Equal(2, verdict.Signers.Count);
        Assert.Equal(3, verdict.Manifest!.Revision);
    }

    [Theory]
    [InlineData("one", nameof(RejectionCode.TooFewSignatures))]
    [InlineData("same-key-twice", nameof(RejectionCode.DuplicateSigner))]
    [InlineData("untrusted", nameof(RejectionCode.UntrustedKey))]
    [InlineData("no-key-id", nameof(RejectionCode.MissingKeyId))]
    [InlineData("stripped", nameof(RejectionCode.Unsigned))]
    [InlineData("forged", nameof(RejectionCode.BadSignature))]
    public void BadSignatures_Rejected(string variant, string expected)
    {
        var manifest = Manifest(3, _alice, _bob);
        var aliceSignature = manifest.Signatures[0];
        manifest = variant switch
        {
            "one" => manifest with { Signatures = [aliceSignature] },
            "same-key-twice" => manifest with { Signatures = [aliceSignature, aliceSignature] },
            "untrusted" => Manifest(3, _alice, _carol),
            "no-key-id" => manifest with { Signatures = [aliceSignature, manifest.Signatures[1] with { KeyId = "" }] },
            "stripped" => manifest with { Signatures = [] },
            "forged" => manifest with { Signatures = [aliceSignature, manifest.Signatures[1] with { Signature = aliceSignature.Signature }] },
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        Write(manifest);

        var verdict = Verify(servingRevision: 2);

        Assert.False(verdict.Accepted);
        Assert.Equal(expected, verdict.Code.ToString());
    }

    [Theory]
    [InlineData("changed", nameof(RejectionCode.FileChanged))]
    [InlineData("added", nameof(RejectionCode.FileAdded))]
    [InlineData("removed", nameof(RejectionCode.FileRemoved))]
    public void FilesTouchedAfterSigning_Rejected(string variant, string expected)
    {
        Write(Manifest(3, _alice, _bob));
        var lexicon = Path.Combine(_dir, "lexicons", "cbrn.yaml");
        switch (variant)
        {
            case "changed":
                File.AppendAllText(lexicon, "# one more line\n");
                break;
            case "added":
                File.WriteAllText(Path.Combine(_dir, "lexicons", "extra.yaml"), "terms: [c]\n");
                break;
            default:
                File.Delete(lexicon);
                break;
        }

        var verdict = Verify(servingRevision: 2);

        Assert.Equal(expected, verdict.Code.ToString());
        Assert.Contains("after signing", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RevisionNotHigher_RejectedUnlessRollback()
    {
        Write(Manifest(2, _alice, _bob));

        Assert.Equal(RejectionCode.RevisionNotHigher, Verify(servingRevision: 2).Code);
        Assert.True(QuorumVerifier.VerifyBundle(Read(), _trusted, 2, 5, DateTimeOffset.UtcNow, allowLowerRevision: true).Accepted);
    }

    [Fact]
    public void Expired_Rejected()
    {
        Write(Manifest(3, _alice, _bob, expires: DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(RejectionCode.Expired, Verify(servingRevision: 2).Code);
    }

    [Fact]
    public void ManifestRewrittenAndParsed_SignaturesStillVerify()
    {
        var manifest = Manifest(3, _alice, _bob);
        var (parsed, error) = BundleManifest.Parse(manifest.ToFileBytes());

        Assert.Null(error);
        Assert.Equal(manifest.CanonicalBytes(), parsed!.CanonicalBytes());
    }

    [Fact]
    public void KeySetSignedByOneKey_Rejected_ByTwo_Accepted()
    {
        var next = TrustedKeySet.Create([.. _trusted.Keys, new TrustedKey(_carol.KeyId, _carol.PublicKey)]);
        var once = next.WithSignature(new BundleSignature(_alice.KeyId, _alice.Sign(next.CanonicalBytes())));
        var byCarol = once.WithSignature(new BundleSignature(_carol.KeyId, _carol.Sign(next.CanonicalBytes())));
        var twice = once.WithSignature(new BundleSignature(_bob.KeyId, _bob.Sign(next.CanonicalBytes())));

        Assert.Equal(RejectionCode.TooFewSignatures, QuorumVerifier.VerifyKeySet(once, _trusted, 2).Code);
        Assert.Equal(RejectionCode.UntrustedKey, QuorumVerifier.VerifyKeySet(byCarol, _trusted, 2).Code);
        Assert.True(QuorumVerifier.VerifyKeySet(twice, _trusted, 2).Accepted);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Verification Verify(long servingRevision) =>
        QuorumVerifier.VerifyBundle(Read(), _trusted, 2, servingRevision, DateTimeOffset.UtcNow);

    private BundleDirectory Read() => BundleDirectory.Read(_dir).Bundle!;

    private BundleManifest Manifest(long revision, SigningKey first, SigningKey second, DateTimeOffset? expires = null)
    {
        var unsigned = new BundleManifest { Revision = revision, Created = DateTimeOffset.UtcNow, Expires = expires, Files = BundleDirectory.Read(_dir).Bundle!.Digests() };
        var bytes = unsigned.CanonicalBytes();
        return unsigned with { Signatures = [new BundleSignature(first.KeyId, first.Sign(bytes)), new BundleSignature(second.KeyId, second.Sign(bytes))] };
    }

    private void Write(BundleManifest manifest) =>
        File.WriteAllBytes(Path.Combine(_dir, BundleManifest.FileName), manifest.ToFileBytes());
}
