using Guardrail.Tests.Shared;
using System.Net;
using Guardrail.Filters.ChangeControl;
using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>The two-party rule on real Kestrel: what applies, what is refused (and why), rollback, start-up.</summary>
public sealed class SignedBundleTests
{
    [Fact]
    public async Task TwoDistinctKeys_BundleApplies()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        Assert.Equal(HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync());

        var next = await deployment.PrepareAsync(2, ["alice", "bob"]);

        var landed = System.Diagnostics.Stopwatch.StartNew();
        deployment.Deploy(next);
        var status = await deployment.WaitStatusAsync(s => s.GetProperty("revision").GetInt64() == 2);
        var applied = landed.Elapsed;

        Assert.Equal(2, status.GetProperty("revision").GetInt64());
        Assert.True(applied < TimeSpan.FromSeconds(2), $"revision 2 served {applied.TotalMilliseconds:F0} ms after the bundle landed");
        Assert.Equal(2, status.GetProperty("signers").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, await deployment.ChemicalStatusAsync()); // revision 2 flags instead of blocking
    }

    [Theory]
    [InlineData("one-signature", nameof(RejectionCode.TooFewSignatures))]
    [InlineData("same-key-twice", nameof(RejectionCode.DuplicateSigner))]
    [InlineData("untrusted-key", nameof(RejectionCode.UntrustedKey))]
    [InlineData("file-changed", nameof(RejectionCode.FileChanged))]
    [InlineData("file-added", nameof(RejectionCode.FileAdded))]
    [InlineData("file-removed", nameof(RejectionCode.FileRemoved))]
    [InlineData("revision-not-higher", nameof(RejectionCode.RevisionNotHigher))]
    [InlineData("expired", nameof(RejectionCode.Expired))]
    [InlineData("no-key-id", nameof(RejectionCode.MissingKeyId))]
    [InlineData("signatures-stripped", nameof(RejectionCode.Unsigned))]
    [InlineData("manifest-removed", nameof(RejectionCode.NoManifest))]
    [InlineData("manifest-edited", nameof(RejectionCode.BadSignature))]
    [InlineData("manifest-garbled", nameof(RejectionCode.MalformedManifest))]
    [InlineData("invalid-policy", nameof(RejectionCode.InvalidPolicy))]
    public async Task BadBundle_RejectedWithReasonAndRevision1KeepsServing(string variant, string expectedCode)
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();

        var next = variant switch
        {
            "one-signature" => await deployment.PrepareAsync(2, ["alice"]),
            "same-key-twice" => await deployment.PrepareAsync(2, ["alice"]),
            "untrusted-key" => await deployment.PrepareAsync(2, ["alice", "carol"]),
            "revision-not-higher" => await deployment.PrepareAsync(1, ["alice", "bob"]),
            "expired" => await deployment.PrepareAsync(2, ["alice", "bob"], expires: DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O")),
            _ => await deployment.PrepareAsync(2, ["alice", "bob"]),
        };
        switch (variant)
        {
            case "same-key-twice":
                SignedDeployment.EditManifest(next, m => m with { Signatures = [m.Signatures[0], m.Signatures[0]] });
                break;
            case "file-changed":
                await File.AppendAllTextAsync(Path.Combine(next, "lexicons", "cbrn.yaml"), "\n# edited after signing\n");
                break;
            case "file-added":
                await File.WriteAllTextAsync(Path.Combine(next, "lexicons", "extra.yaml"), "# added after signing\n");
                break;
            case "file-removed":
                File.Delete(Path.Combine(next, "tenants", "tenants.yaml"));
                break;
            case "no-key-id":
                SignedDeployment.EditManifest(next, m => m with { Signatures = [m.Signatures[0], m.Signatures[1] with { KeyId = "" }] });
                break;
            case "signatures-stripped":
                SignedDeployment.EditManifest(next, m => m with { Signatures = [] });
                break;
            case "manifest-removed":
                File.Delete(Path.Combine(next, BundleManifest.FileName));
                break;
            case "manifest-garbled":
                await File.WriteAllTextAsync(Path.Combine(next, BundleManifest.FileName), "{ not a manifest");
                break;
            case "manifest-edited":
                SignedDeployment.EditManifest(next, m => m with { Expires = DateTimeOffset.UtcNow.AddDays(400) });
                break;
            case "invalid-policy":
                // Correctly bundled and signed by both, but the policy itself does not load.
                var policy = Path.Combine(next, "default.yaml");
                await File.WriteAllTextAsync(policy, (await File.ReadAllTextAsync(policy)).Edit("action: flag }", "action: explode }"));
                await SignedDeployment.CliAsync("policy", "bundle", next, "--revision", "2");
                await SignedDeployment.CliAsync("policy", "sign", next, "--key", deployment.Key("alice"));
                await SignedDeployment.CliAsync("policy", "sign", next, "--key", deployment.Key("bob"));
                break;
        }

        deployment.Deploy(next);

        var status = await deployment.WaitStatusAsync(s => SignedDeployment.RejectionCode(s) is not null);
        Assert.Equal(expectedCode, SignedDeployment.RejectionCode(status));
        Assert.False(string.IsNullOrEmpty(status.GetProperty("last_rejection").GetProperty("reason").GetString()));
        Assert.Equal(1, status.GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync()); // revision 1 still blocks
        Assert.True(status.GetProperty("rejected_since_applied").GetBoolean());

        // Still ready (revision 1 serves), and /readyz says which bundle was refused and why.
        using (var ready = await deployment.Client!.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var bundle = (await JsonBody.ReadAsync(ready)).GetProperty("bundle");
            Assert.Equal(1, bundle.GetProperty("revision").GetInt64());
            Assert.Equal(expectedCode, bundle.GetProperty("lastRejection").GetProperty("code").GetString());
            var reason = bundle.GetProperty("lastRejection").GetProperty("reason").GetString();
            Assert.False(string.IsNullOrEmpty(reason));
            Assert.DoesNotContain("explode", reason, StringComparison.Ordinal); // file names only for policy errors
        }

        await deployment.StopAsync();
        var audit = await File.ReadAllTextAsync(deployment.AuditLog);
        Assert.Contains("\"type\":\"bundle.rejected\",\"code\":\"" + expectedCode + "\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ReactivatesPreviousRevision_AndRolledBackRevisionCannotReturn()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        var revision1 = Path.Combine(deployment.Root, "revision-1");
        CopyTree(deployment.Live, revision1);
        deployment.Deploy(await deployment.PrepareAsync(2, ["alice", "bob"]));
        await deployment.WaitStatusAsync(s => s.GetProperty("revision").GetInt64() == 2);

        using (var rollback = await deployment.Admin!.PostAsync(new Uri("/admin/rollback", UriKind.Relative), content: null))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        Assert.Equal(1, (await deployment.StatusAsync()).GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync());

        // Re-deploying revision 1's files does not bring revision 2 back, and revision 2 (still in the live
        // directory before that) is refused: the floor is the highest revision ever applied.
        deployment.Deploy(revision1);
        deployment.Deploy(await deployment.PrepareAsync(2, ["alice", "bob"]));
        var status = await deployment.WaitStatusAsync(s => SignedDeployment.RejectionCode(s) is not null);
        Assert.Equal(nameof(RejectionCode.RevisionNotHigher), SignedDeployment.RejectionCode(status));
        Assert.Equal(1, status.GetProperty("revision").GetInt64());

        // Nothing earlier to roll back to from here.
        using var again = await deployment.Admin!.PostAsync(new Uri("/admin/rollback", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task AdminListener_RefusesWithoutItsKey()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = deployment.Proxy!.ChangeControl!.AdminAddress };

        using var response = await anonymous.GetAsync(new Uri("/admin/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IPAddressLoopback, deployment.Proxy.ChangeControl.AdminAddress!.Host);
    }

    [Fact]
    public async Task TrustedKeysChange_NeedsQuorumOfCurrentKeys()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        var next = Path.Combine(deployment.Root, "trusted-next.json");
        await SignedDeployment.CliAsync("policy", "trust", "--out", next, deployment.Key("alice.pub"), deployment.Key("bob.pub"), deployment.Key("carol.pub"));
        await SignedDeployment.CliAsync("policy", "sign", next, "--key", deployment.Key("carol"));
        await SignedDeployment.CliAsync("policy", "sign", next, "--key", deployment.Key("alice"));

        // Carol (not yet trusted) and alice: one current key only.
        File.Copy(next, deployment.Trusted, overwrite: true);
        var status = await deployment.WaitStatusAsync(s => SignedDeployment.RejectionCode(s) is not null);
        Assert.Equal(nameof(RejectionCode.UntrustedKey), SignedDeployment.RejectionCode(status));
        Assert.Equal(2, status.GetProperty("trusted_keys").GetArrayLength());

        // Re-made and signed by alice and bob: applies, and then carol counts.
        await SignedDeployment.CliAsync("policy", "trust", "--out", next + "2", deployment.Key("alice.pub"), deployment.Key("bob.pub"), deployment.Key("carol.pub"));
        await SignedDeployment.CliAsync("policy", "sign", next + "2", "--key", deployment.Key("alice"));
        await SignedDeployment.CliAsync("policy", "sign", next + "2", "--key", deployment.Key("bob"));
        File.Copy(next + "2", deployment.Trusted, overwrite: true);
        status = await deployment.WaitStatusAsync(s => s.GetProperty("trusted_keys").GetArrayLength() == 3);
        Assert.Equal(3, status.GetProperty("trusted_keys").GetArrayLength());

        deployment.Deploy(await deployment.PrepareAsync(2, ["alice", "carol"]));
        status = await deployment.WaitStatusAsync(s => s.GetProperty("revision").GetInt64() == 2);
        Assert.Equal(2, status.GetProperty("revision").GetInt64());
    }

    [Theory]
    [InlineData("one-signature")]
    [InlineData("unsigned")]
    public async Task NoValidBundleAtStart_Exits2WithReason(string variant)
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        if (variant == "one-signature")
        {
            SignedDeployment.EditManifest(deployment.Live, m => m with { Signatures = [m.Signatures[0]] });
        }
        else
        {
            File.Delete(Path.Combine(deployment.Live, BundleManifest.FileName));
        }

        var parsed = ServeOptions.Parse(deployment.ServeArgs("http://127.0.0.1:9/"));
        var outcome = await ProxyApp.TryStartAsync(parsed.Options!.ConfigurationArgs);

        Assert.Null(outcome.App);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(variant == "one-signature" ? nameof(RejectionCode.TooFewSignatures) : nameof(RejectionCode.NoManifest), outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartedProxy_ServesSameRevisionAndRefusesOlderOne()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        var revision1 = Path.Combine(deployment.Root, "revision-1");
        CopyTree(deployment.Live, revision1);
        await deployment.StartAsync();
        deployment.Deploy(await deployment.PrepareAsync(2, ["alice", "bob"]));
        await deployment.WaitStatusAsync(s => s.GetProperty("revision").GetInt64() == 2);
        await deployment.StopAsync();

        await deployment.StartAsync(); // revision 2 again: allowed after a restart
        Assert.Equal(2, (await deployment.StatusAsync()).GetProperty("revision").GetInt64());
        await deployment.StopAsync();

        deployment.Deploy(revision1); // an attacker restores an old, validly signed revision and restarts the proxy
        var outcome = await ProxyApp.TryStartAsync(ServeOptions.Parse(deployment.ServeArgs("http://127.0.0.1:9/")).Options!.ConfigurationArgs);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(nameof(RejectionCode.RevisionNotHigher), outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedKeysSwappedWhileStopped_NeedsQuorumOfRecordedKeys()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        await deployment.StopAsync();

        // Someone with write access replaces the trusted keys by a set of their own and restarts the proxy.
        var own = Path.Combine(deployment.Root, "own.json");
        await SignedDeployment.CliAsync("policy", "trust", "--out", own, deployment.Key("carol.pub"), deployment.Key("alice.pub"));
        await SignedDeployment.CliAsync("policy", "sign", own, "--key", deployment.Key("carol"));
        await SignedDeployment.CliAsync("policy", "sign", own, "--key", deployment.Key("alice"));
        File.Copy(own, deployment.Trusted, overwrite: true);
        var args = ServeOptions.Parse(deployment.ServeArgs("http://127.0.0.1:9/")).Options!.ConfigurationArgs;

        var refused = await ProxyApp.TryStartAsync(args);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("differs from the keys the audit trail last recorded", refused.Error, StringComparison.Ordinal);

        // Signed by the two recorded keys, the same change is accepted at start.
        var approved = Path.Combine(deployment.Root, "approved.json");
        await SignedDeployment.CliAsync("policy", "trust", "--out", approved, deployment.Key("carol.pub"), deployment.Key("alice.pub"), deployment.Key("bob.pub"));
        await SignedDeployment.CliAsync("policy", "sign", approved, "--key", deployment.Key("alice"));
        await SignedDeployment.CliAsync("policy", "sign", approved, "--key", deployment.Key("bob"));
        File.Copy(approved, deployment.Trusted, overwrite: true);
        await deployment.StartAsync();
        Assert.Equal(3, (await deployment.StatusAsync()).GetProperty("trusted_keys").GetArrayLength());
    }

    private const string IPAddressLoopback = "127.0.0.1";

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
