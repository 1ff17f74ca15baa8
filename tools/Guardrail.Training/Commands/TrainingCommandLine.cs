using Guardrail.Proxy.Commands;

namespace Guardrail.Training.Commands;

/// <summary>
/// Dispatches the first argument to <c>eval</c>, <c>train</c> or <c>corpus</c>: the offline commands that used to be
/// part of the proxy binary. Exit codes as the proxy's: 0 success, 1 a failure at run time (an eval below its
/// minimums, a <c>--check</c> that differs), 2 a bad command line.
/// </summary>
internal static class TrainingCommandLine
{
    public const string Usage = """
        Usage (from the repository: dotnet run -c Release --project tools/Guardrail.Training -- COMMAND ...):
          guardrail-training eval FILE.jsonl [FILE.jsonl...] [--policy FILE|DIR] [--min-recall R] [--max-fpr F] [--min-auc A]
                                  [--max-escalation E] [--sweep] [--dump FILE [--explain]]
          guardrail-training train [--encoder minilm|arctic-xs] [--dev DIR] [--corpus DIR] [--out FILE] [--check] [--folds K]
                                   [--max-tokens N] [--overlap N] [--hidden N] [--epochs N] [--lr X] [--l2 X] [--positive-weight X]
                                   [--seed N] [--limit N] [--cache FILE]
          guardrail-training corpus [--out DIR]
          guardrail-training --help               (COMMAND --help for one command)
        """;

    /// <summary>The commands, for the unknown-command suggestion.</summary>
    private static readonly string[] Commands = ["eval", "train", "corpus", "help"];

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0)
        {
            // Unlike the proxy there is no default command: say what there is, as a bad command line.
            await error.WriteLineAsync(Usage);
            return ArgumentErrors.ExitCode;
        }

        if (args[0] is "help" || ArgumentErrors.IsHelp(args[0]))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        var rest = args[1..];
        switch (args[0])
        {
            case "eval":
                return await EvalCommand.RunAsync(rest, output, error);
            case "train":
                return TrainCommand.Run(rest, output, error);
            case "corpus":
                return CorpusCommand.Run(rest, output, error);
            default:
                await error.WriteLineAsync(ArgumentErrors.UnknownOption("", args[0], Commands)
                    .Replace("unknown option", "unknown command", StringComparison.Ordinal));
                return ArgumentErrors.ExitCode;
        }
    }
}
