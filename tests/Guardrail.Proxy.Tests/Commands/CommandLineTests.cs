using System.Diagnostics;
using Guardrail.Proxy.Commands;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Commands;

/// <summary>Every command's exit code and message for help, version and bad command lines; none of them starts a server.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("serve", "--help")]
    public async Task Help_PrintsUsageAndExits0(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(0, code);
        Assert.Contains("--upstream URL", output, StringComparison.Ordinal);
        Assert.Contains("--demo", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Version_PrintsVersionAndExits0()
    {
        var (code, output, error) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^guardrail \d+\.\d+", output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task UnknownOption_Exits2WithOneLineNamingIt()
    {
        var (code, output, error) = await RunAsync("--upstrem", "http://127.0.0.1:8000/");

        Assert.Equal(2, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.Contains("'--upstrem'", line, StringComparison.Ordinal);
        Assert.Contains("guardrail --help", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoUpstreamWithoutDemo_Exits2SayingWhatToPass()
    {
        var watch = Stopwatch.StartNew();

        var (code, _, error) = await RunAsync("--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies);

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains("--upstream URL", line, StringComparison.Ordinal);
        Assert.Contains("--demo", line, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "nothing should have been loaded");
    }

    [Fact]
    public async Task DemoAndUpstream_Exits2()
    {
        var (code, _, error) = await RunAsync("--demo", "--upstream", "http://127.0.0.1:8000/", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies);

        Assert.Equal(2, code);
        Assert.Contains("not both", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamFromConfigurationKey_IsCheckedLikeTheOption()
    {
        // The same binding the environment (Guardrail__Upstream) and appsettings.json feed.
        var (code, _, error) = await RunAsync("--Guardrail:Upstream=localhost:8000", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies);

        Assert.Equal(2, code);
        Assert.Contains("Guardrail:Upstream 'localhost:8000' is not an http:// or https:// URL", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Exits2()
    {
        var (code, _, error) = await RunAsync("evaluate", "x.jsonl");

        Assert.Equal(2, code);
        Assert.Contains("unknown command 'evaluate'", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hash-key", "--frobnicate")]
    public async Task SubcommandUnknownOption_Exits2NamingIt(string command, string option)
    {
        var (code, _, error) = await RunAsync(command, option, "1");

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"guardrail {command}: unknown option '{option}'", line, StringComparison.Ordinal);
        Assert.Contains($"guardrail {command} --help", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hash-key")]
    public async Task SubcommandHelp_Exits0(string command)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "data/corpus/holdout.jsonl")]
    [InlineData("train", "--check")]
    [InlineData("corpus", "--out")]
    [InlineData("corpus", "--help")]
    public async Task TrainingCommand_Exits2PointingAtTheTrainingTool(string command, string argument)
    {
        // The deployed proxy carries no training code or corpus generator; the command says where it went.
        var (code, output, error) = await RunAsync(command, argument);

        Assert.Equal(2, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"guardrail {command}: {command} is not part of the proxy", line, StringComparison.Ordinal);
        Assert.Contains($"dotnet run -c Release --project tools/Guardrail.Training -- {command}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsNoTrainingCommandAsItsOwn()
    {
        var (_, output, _) = await RunAsync("--help");

        Assert.DoesNotContain("guardrail eval", output, StringComparison.Ordinal);
        Assert.DoesNotContain("guardrail train", output, StringComparison.Ordinal);
        Assert.DoesNotContain("guardrail corpus", output, StringComparison.Ordinal);
        Assert.Contains("tools/Guardrail.Training", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
