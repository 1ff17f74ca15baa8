using Guardrail.Tests.Shared;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>The audit trail a running proxy writes, checked with <c>guardrail audit verify</c>.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task UntouchedLogAfterRestart_VerifiesAndHoldsNoText()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await deployment.ChemicalStatusAsync());
        await deployment.StopAsync();
        await deployment.StartAsync();
        using (await deployment.Client!.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), JsonBody.Chat("What is the capital of France?")))
        {
        }

        await deployment.StopAsync();

        var (code, output) = await SignedDeployment.TryCliAsync("audit", "verify", deployment.AuditLog, "--key", deployment.AuditKey + ".pub");

        Assert.True(code == 0, output);
        Assert.Contains("ends with a signed checkpoint", output, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(deployment.AuditLog);
        Assert.Contains("\"type\":\"decision\"", log, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"block\"", log, StringComparison.Ordinal);

        // Passes log at Debug (below the console's shipped level); the trail still records them.
        Assert.Contains("\"action\":\"allow\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("France", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    [InlineData("insert")]
    [InlineData("reorder")]
    [InlineData("rewrite")]
    public async Task TamperedLog_VerifyExits1NamingFirstBadRecord(string kind)
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        await deployment.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await deployment.ChemicalStatusAsync();
        }

        await deployment.StopAsync();
        var lines = (await File.ReadAllLinesAsync(deployment.AuditLog)).ToList();
        var decision = lines.FindIndex(l => l.Contains("\"type\":\"decision\"", StringComparison.Ordinal));
        Assert.True(decision > 0);
        switch (kind)
        {
            case "edit":
                lines[decision] = lines[decision].Edit("\"action\":\"block\"", "\"action\":\"allow\"");
                break;
            case "delete":
                lines.RemoveAt(decision);
                break;
            case "insert":
                lines.Insert(decision, lines[decision]);
                break;
            case "rewrite":
                // Edit a decision and re-chain everything after it (seq and prev consistent again): only the signed
                // checkpoint that follows can tell.
                lines[decision] = lines[decision].Edit("\"action\":\"block\"", "\"action\":\"allow\"");
                for (var i = decision + 1; i < lines.Count; i++)
                {
                    var prev = Filters.Audit.AuditChain.HashLine(System.Text.Encoding.UTF8.GetBytes(lines[i - 1]));
                    lines[i] = System.Text.RegularExpressions.Regex.Replace(lines[i], "\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                }

                break;
            default:
                (lines[decision], lines[decision + 1]) = (lines[decision + 1], lines[decision]);
                break;
        }

        await File.WriteAllLinesAsync(deployment.AuditLog, lines);

        var (code, output) = await SignedDeployment.TryCliAsync("audit", "verify", deployment.AuditLog, "--key", deployment.AuditKey + ".pub");

        Assert.Equal(1, code);
        // 1-based lines: an edited record is caught at the next one (its prev no longer matches); an inserted copy of a
        // record is itself consistent with what precedes it, so the original after it is the first bad one.
        if (kind == "rewrite")
        {
            var checkpoint = lines.FindIndex(decision, l => l.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal));
            Assert.Contains($"first bad record {deployment.AuditLog}:{checkpoint + 1} ", output, StringComparison.Ordinal);
            Assert.Contains("checkpoint signature is invalid", output, StringComparison.Ordinal);
            return;
        }

        var expectedLine = kind is "edit" or "insert" ? decision + 2 : decision + 1;
        Assert.Contains($"first bad record {deployment.AuditLog}:{expectedLine} ", output, StringComparison.Ordinal);
    }
}
