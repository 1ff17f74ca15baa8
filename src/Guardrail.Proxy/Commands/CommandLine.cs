using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Commands;

/// <summary>Dispatches the first argument to a command; <c>serve</c> when there is none.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (command)
        {
            case "serve":
                return await ServeAsync(rest);
            case "eval":
                return await EvalCommand.RunAsync(rest, Console.Out);
            case "hash-key":
                return await HashKeyCommand.RunAsync(rest, Console.In, Console.Out, Console.Error);
            case "train":
                return TrainCommand.Run(rest, Console.Out);
            case "corpus":
                return CorpusCommand.Run(rest, Console.Out);
            case "help" or "--help" or "-h":
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{command}'.{Environment.NewLine}{Usage}");
                return 64;
        }
    }

    private const string Usage = """
        Usage:
          guardrail [serve] [--urls URL] [--upstream URL] [--upstream-key CONFIG_KEY] [--policy FILE|DIR] [--tenants FILE] [--redis CONNECTION]
          guardrail hash-key [KEY | --new]
          guardrail eval FILE.jsonl [FILE.jsonl...] [--policy FILE|DIR] [--min-recall R] [--max-fpr F] [--min-auc A]
                         [--max-escalation E] [--sweep] [--dump FILE]
          guardrail train [--encoder minilm|arctic-xs] [--dev DIR] [--corpus DIR] [--out FILE] [--check] [--folds K]
                          [--max-tokens N] [--overlap N] [--epochs N] [--lr X] [--l2 X] [--seed N] [--limit N] [--cache FILE]
          guardrail corpus [--out DIR]
        """;

    private static async Task<int> ServeAsync(string[] args)
    {
        ProxyApp app;
        try
        {
            app = await ProxyApp.StartAsync(args);
        }
        catch (InvalidOperationException ex)
        {
            // Invalid policies or configuration at start: say exactly what, and exit non-zero.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync();
        }

        return 0;
    }
}
