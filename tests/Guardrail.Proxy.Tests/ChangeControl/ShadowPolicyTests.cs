using System.Net;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>
/// The shadow policy on real Kestrel: a signed candidate measured beside the live bundle without acting, the report a
/// reviewer reads, promotion, and candidates the shadow refuses.
/// </summary>
public sealed class ShadowPolicyTests
{
    [Fact]
    public async Task ShadowCandidate_CountsDisagreementsWithoutActing_ReportedThenPromoted()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        deployment.WithShadow = true;
        await deployment.StartAsync();
        var candidate = await deployment.PrepareAsync(2, ["alice", "bob"]); // revision 2 flags chemical requests
        SignedDeployment.DeployTo(candidate, deployment.ShadowDirectory);
        await deployment.WaitStatusAsync(s => Shadow(s).GetProperty("state").GetString() == "running");

        Assert.Equal(HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync()); // live (revision 1) still blocks
        using (await deployment.Client!.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), JsonBody.Chat(Prompts.Benign)))
        {
        }

        var key = ShadowStats.Key("input", ShadowComparison.LiveBlockShadowPass, "cbrn.chemical");
        var status = await deployment.WaitStatusAsync(s => Disagreements(s, key) >= 1 && Agreed(s) >= 1);
        Assert.Equal(1, Disagreements(status, key));
        Assert.Equal(1, status.GetProperty("revision").GetInt64());
        Assert.Equal(2, Shadow(status).GetProperty("revision").GetInt64());

        // The reviewer's evidence, from the running proxy and from the verified audit trail.
        Environment.SetEnvironmentVariable("GUARDRAIL_TEST_ADMIN", SignedDeployment.AdminKey);
        var live = await SignedDeployment.CliAsync("policy", "shadow-report", "--admin", deployment.Proxy!.ChangeControl!.AdminAddress!.ToString(), "--token-env", "GUARDRAIL_TEST_ADMIN");
        Assert.Contains("live_block_shadow_pass", live, StringComparison.Ordinal);
        var (_, fromAudit) = await WaitReportAsync(deployment, "live_block_shadow_pass");
        Assert.Contains("audit trail: intact", fromAudit, StringComparison.Ordinal);
        Assert.Contains("grd_", fromAudit, StringComparison.Ordinal); // a sampled request id

        // Promote: the CLI checks the proxy shadows this very manifest, deploys it, and waits for it to serve.
        var promoted = await SignedDeployment.CliAsync("policy", "promote", deployment.ShadowDirectory, deployment.Live, "--trusted", deployment.Trusted,
            "--admin", deployment.Proxy.ChangeControl.AdminAddress!.ToString(), "--token-env", "GUARDRAIL_TEST_ADMIN");
        Assert.Contains("serving revision 2", promoted, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await deployment.ChemicalStatusAsync()); // revision 2 flags
        status = await deployment.WaitStatusAsync(s => Shadow(s).GetProperty("state").GetString() == "promoted");
        Assert.Equal("promoted", Shadow(status).GetProperty("state").GetString());

        await deployment.StopAsync();
        var (code, verified) = await SignedDeployment.TryCliAsync("audit", "verify", deployment.AuditLog, "--key", deployment.AuditKey + ".pub");
        Assert.True(code == 0, verified);
        var log = await File.ReadAllTextAsync(deployment.AuditLog);
        Assert.Contains("\"type\":\"shadow.disagreement\"", log, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"shadow.stopped\",\"revision\":2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("France", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one-signature", nameof(RejectionCode.TooFewSignatures))]
    [InlineData("revision-not-higher", nameof(RejectionCode.RevisionNotHigher))]
    public async Task BadShadowCandidate_RejectedWithReason_LiveUntouched(string variant, string expectedCode)
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        deployment.WithShadow = true;
        await deployment.StartAsync();
        var candidate = variant == "one-signature"
            ? await deployment.PrepareAsync(2, ["alice"])
            : await deployment.PrepareAsync(1, ["alice", "bob"]);

        SignedDeployment.DeployTo(candidate, deployment.ShadowDirectory);

        var status = await deployment.WaitStatusAsync(s => Shadow(s).GetProperty("last_rejection").ValueKind == JsonValueKind.Object);
        Assert.Equal(expectedCode, Shadow(status).GetProperty("last_rejection").GetProperty("code").GetString());
        Assert.Equal("rejected", Shadow(status).GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync());
    }

    [Fact]
    public async Task Promote_RefusesBundleTheProxyIsNotShadowing()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        deployment.WithShadow = true;
        await deployment.StartAsync();
        var unmeasured = await deployment.PrepareAsync(2, ["alice", "bob"]);
        Environment.SetEnvironmentVariable("GUARDRAIL_TEST_ADMIN", SignedDeployment.AdminKey);

        var (code, output) = await SignedDeployment.TryCliAsync("policy", "promote", unmeasured, deployment.Live, "--trusted", deployment.Trusted,
            "--admin", deployment.Proxy!.ChangeControl!.AdminAddress!.ToString(), "--token-env", "GUARDRAIL_TEST_ADMIN");

        Assert.Equal(1, code);
        Assert.Contains("not shadowing this bundle", output, StringComparison.Ordinal);
        Assert.Equal(1, (await deployment.StatusAsync()).GetProperty("revision").GetInt64());
    }

    private static async Task<(int Code, string Output)> WaitReportAsync(SignedDeployment deployment, string expected)
    {
        // Samples are written by the shadow worker; the summary every second (ShadowSummarySeconds=1 in the test).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        (int Code, string Output) report;
        do
        {
            await Task.Delay(200);
            report = await SignedDeployment.TryCliAsync("policy", "shadow-report", "--audit", deployment.AuditLog, "--key", deployment.AuditKey + ".pub");
        }
        while (!(report.Code == 0 && report.Output.Contains(expected, StringComparison.Ordinal) && report.Output.Contains("last shadow.summary", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        Assert.True(report.Code == 0, report.Output);
        return report;
    }

    private static JsonElement Shadow(JsonElement status) => status.GetProperty("shadow");

    private static long Agreed(JsonElement status) =>
        Shadow(status).TryGetProperty("statistics", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetProperty("agreed").GetInt64() : 0;

    private static long Disagreements(JsonElement status, string key) =>
        Shadow(status).TryGetProperty("statistics", out var s) && s.ValueKind == JsonValueKind.Object && s.GetProperty("disagreements").TryGetProperty(key, out var n) ? n.GetInt64() : 0;
}
