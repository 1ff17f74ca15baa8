using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>Opt-in capture of blocked text on real Kestrel: encrypted to the operator's key, hashed into the audit trail.</summary>
public sealed class CaptureTests
{
    [Fact]
    public async Task BlockedRequest_CapturedEncrypted_DecryptsWithPrivateKeyOnly_ChainVerifies()
    {
        var root = Directory.CreateTempSubdirectory("guardrail-capture-").FullName;
        var key = Path.Combine(root, "capture.key");
        var captures = Path.Combine(root, "captures");
        var audit = Path.Combine(root, "audit.jsonl");
        await SignedDeployment.CliAsync("capture", "keygen", "--out", key);
        await using (var proxy = await GuardedProxy.StartAsync(
            $"--Guardrail:ChangeControl:AuditLog={audit}",
            $"--Guardrail:ChangeControl:CaptureKey={key}.pub",
            $"--Guardrail:ChangeControl:CaptureDirectory={captures}",
            "--Guardrail:ChangeControl:CaptureRetentionDays=3"))
        {
            using var blocked = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
            using var allowed = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
            Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!File.ReadAllText(audit).Contains("capture.stored", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        var file = Assert.Single(Directory.GetFiles(captures));
        var stored = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("sarin", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Single(stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the allowed request is not captured

        var (code, text) = await SignedDeployment.TryCliAsync("capture", "decrypt", captures, "--key", key, "--audit", audit);
        Assert.True(code == 0, text);
        Assert.Contains(Prompts.Chemical, text, StringComparison.Ordinal);

        var (publicOnly, refusal) = await SignedDeployment.TryCliAsync("capture", "decrypt", captures, "--key", key + ".pub");
        Assert.Equal(2, publicOnly);
        Assert.Contains("private key", refusal, StringComparison.Ordinal);

        var log = await File.ReadAllTextAsync(audit);
        Assert.Contains("\"type\":\"capture.stored\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", log, StringComparison.OrdinalIgnoreCase);

        // Retention: past its day plus 3 days the file is deleted; the audit trail (hashes only) still verifies.
        File.Move(file, Path.Combine(captures, "capture-20000101.jsonl"));
        await SignedDeployment.CliAsync("capture", "purge", captures, "--retention-days", "3");
        Assert.Empty(Directory.GetFiles(captures));
        var (verify, verified) = await SignedDeployment.TryCliAsync("audit", "verify", audit);
        Assert.True(verify == 0, verified);
        Directory.Delete(root, recursive: true);
    }
}
