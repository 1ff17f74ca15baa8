using Guardrail.Tests.Shared;
using Guardrail.Proxy.Tests.ChangeControl;

namespace Guardrail.Proxy.Tests.Commands;

public sealed class PolicyCommandTests
{
    [Theory]
    [InlineData("policy", "verify", "DIR", "--trusted", "t.json", "--requried", "2")]
    [InlineData("policy", "bundle", "DIR", "--revision", "two")]
    [InlineData("policy", "frobnicate")]
    [InlineData("audit", "verify")]
    [InlineData("audit", "check", "FILE")]
    public async Task BadCommandLine_Exits2(params string[] args)
    {
        var (code, output) = await SignedDeployment.TryCliAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("--help", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_NamesBehaviourChangesAndTermCounts()
    {
        var older = RepoPaths.CopyPoliciesToTemp();
        var newer = RepoPaths.CopyPoliciesToTemp();
        try
        {
            var policy = Path.Combine(newer, "default.yaml");
            await File.WriteAllTextAsync(policy, (await File.ReadAllTextAsync(policy)).Edit(
                "cbrn.chemical:     { threshold: 0.5, action: block }", "cbrn.chemical:     { threshold: 0.4, action: flag }"));
            var lexicon = Path.Combine(newer, "lexicons", "cbrn.yaml");
            await File.WriteAllTextAsync(lexicon, (await File.ReadAllTextAsync(lexicon)).Edit("poison weapon]", "poison weapon, gas shell]"));

            var output = await SignedDeployment.CliAsync("policy", "diff", older, newer);

            Assert.Contains("categories.cbrn.chemical.action: block -> flag", output, StringComparison.Ordinal);
            Assert.Contains("categories.cbrn.chemical.threshold: 0.5 -> 0.4", output, StringComparison.Ordinal);
            Assert.Contains("lexicon terms: 1 added, 0 removed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("gas shell", output, StringComparison.Ordinal); // counts, never terms
            Assert.DoesNotContain("tenants", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(older, recursive: true);
            Directory.Delete(newer, recursive: true);
        }
    }

    [Fact]
    public async Task Sign_FilesChangedSinceBundle_RefusesWithoutEditing()
    {
        await using var deployment = await SignedDeployment.CreateAsync();
        var manifest = Path.Combine(deployment.Live, "bundle.json");
        var before = await File.ReadAllBytesAsync(manifest);
        await File.AppendAllTextAsync(Path.Combine(deployment.Live, "default.yaml"), "\n# late edit\n");

        var (code, output) = await SignedDeployment.TryCliAsync("policy", "sign", deployment.Live, "--key", deployment.Key("carol"));

        Assert.Equal(1, code);
        Assert.Contains("do not match the manifest", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(manifest));
    }

    [Fact]
    public async Task Verify_ReportsSignersOrReason()
    {
        await using var deployment = await SignedDeployment.CreateAsync();

        var (ok, okOutput) = await SignedDeployment.TryCliAsync("policy", "verify", deployment.Live, "--trusted", deployment.Trusted);
        var (higher, higherOutput) = await SignedDeployment.TryCliAsync("policy", "verify", deployment.Live, "--trusted", deployment.Trusted, "--serving-revision", "1");

        Assert.Equal(0, ok);
        Assert.Contains("ok: revision 1", okOutput, StringComparison.Ordinal);
        Assert.Equal(1, higher);
        Assert.Contains("RevisionNotHigher", higherOutput, StringComparison.Ordinal);
    }
}
