using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>Shadow and capture settings that cannot work stop the start with one line and exit 2.</summary>
public sealed class ChangeControlSettingsTests
{
    [Theory]
    [InlineData("shadow-unsigned", "ShadowDirectory needs signed bundles")]
    [InlineData("shadow-is-live", "must not be the policy directory")]
    [InlineData("capture-no-directory", "CaptureKey needs Guardrail:ChangeControl:CaptureDirectory")]
    [InlineData("capture-no-audit", "CaptureKey needs Guardrail:ChangeControl:AuditLog")]
    [InlineData("capture-bad-key", "is not a Guardrail capture key")]
    [InlineData("capture-retention", "CaptureRetentionDays must be between 1 and 3650")]
    public async Task UnworkableSettings_Exit2WithReason(string variant, string expected)
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        var key = Path.Combine(deployment.Root, "capture.key");
        await SignedDeployment.CliAsync("capture", "keygen", "--out", key);
        var args = deployment.ServeArgs("http://127.0.0.1:9/").ToList();
        var capture = Path.Combine(deployment.Root, "captures");
        switch (variant)
        {
            case "shadow-unsigned":
                args.RemoveAll(a => a.StartsWith("--Guardrail:ChangeControl:TrustedKeys=", StringComparison.Ordinal));
                args.Add($"--Guardrail:ChangeControl:ShadowDirectory={deployment.ShadowDirectory}");
                break;
            case "shadow-is-live":
                args.Add($"--Guardrail:ChangeControl:ShadowDirectory={deployment.Live}");
                break;
            case "capture-no-directory":
                args.Add($"--Guardrail:ChangeControl:CaptureKey={key}.pub");
                break;
            case "capture-no-audit":
                args.RemoveAll(a => a.StartsWith("--Guardrail:ChangeControl:", StringComparison.Ordinal));
                args.AddRange([$"--Guardrail:ChangeControl:CaptureKey={key}.pub", $"--Guardrail:ChangeControl:CaptureDirectory={capture}"]);
                break;
            case "capture-bad-key":
                args.AddRange([$"--Guardrail:ChangeControl:CaptureKey={deployment.Key("alice.pub")}", $"--Guardrail:ChangeControl:CaptureDirectory={capture}"]);
                break;
            default:
                args.AddRange([$"--Guardrail:ChangeControl:CaptureKey={key}.pub", $"--Guardrail:ChangeControl:CaptureDirectory={capture}", "--Guardrail:ChangeControl:CaptureRetentionDays=0"]);
                break;
        }

        var outcome = await ProxyApp.TryStartAsync(ServeOptions.Parse([.. args]).Options!.ConfigurationArgs);

        Assert.Null(outcome.App);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }
}
