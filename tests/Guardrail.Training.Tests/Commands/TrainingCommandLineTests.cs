using System.Diagnostics;
using Guardrail.Tests.Shared;
using Guardrail.Training.Commands;

namespace Guardrail.Training.Tests.Commands;

/// <summary>
/// The training tool's exit codes and messages for help and bad command lines (moved with eval, train and corpus from
/// the proxy's command line); none of them loads a model.
/// </summary>
public sealed class TrainingCommandLineTests
{
    [Fact]
    public async Task NoCommand_Exits2ListingTheCommands()
    {
        var (code, output, error) = await RunAsync();

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("guardrail-training eval", error, StringComparison.Ordinal);
        Assert.Contains("guardrail-training train", error, StringComparison.Ordinal);
        Assert.Contains("guardrail-training corpus", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task Help_PrintsUsageAndExits0(string argument)
    {
        var (code, output, _) = await RunAsync(argument);

        Assert.Equal(0, code);
        Assert.Contains("dotnet run -c Release --project tools/Guardrail.Training -- COMMAND", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Exits2SuggestingTheClosest()
    {
        var (code, _, error) = await RunAsync("evl", "x.jsonl");

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains("unknown command 'evl'", line, StringComparison.Ordinal);
        Assert.Contains("did you mean eval?", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "--frobnicate")]
    [InlineData("train", "--frobnicate")]
    [InlineData("corpus", "--frobnicate")]
    public async Task SubcommandUnknownOption_Exits2NamingIt(string command, string option)
    {
        var (code, _, error) = await RunAsync(command, option, "1");

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"guardrail-training {command}: unknown option '{option}'", line, StringComparison.Ordinal);
        Assert.Contains($"guardrail-training {command} --help", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("train")]
    [InlineData("corpus")]
    public async Task SubcommandHelp_Exits0(string command)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min-recall", "high")]
    [InlineData("--max-fpr", "2%")]
    [InlineData("--min-auc", "99")]
    public async Task EvalBadNumber_Exits2InsteadOfThrowing(string option, string value)
    {
        var (code, _, error) = await RunAsync("eval", "rows.jsonl", option, value);

        Assert.Equal(2, code);
        Assert.Contains($"option '{option}' has a bad value '{value}'", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalWithUsageBrackets_FailsAtOnceNamingTheFile()
    {
        var watch = Stopwatch.StartNew();

        var (code, _, error) = await RunAsync("eval", Path.Combine(RepoPaths.Corpus, "holdout.jsonl"), "--sweep", "[--dump", "rows.jsonl]");

        Assert.Equal(2, code);
        Assert.Contains("file not found: '[--dump'", Assert.Single(Lines(error)), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: the policy was loaded before the files were checked");
    }

    [Fact]
    public async Task TrainOptionMissingItsValue_Exits2()
    {
        var (code, _, error) = await RunAsync("train", "--epochs");

        Assert.Equal(2, code);
        Assert.Contains("--epochs needs a value", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TrainingCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
