using Guardrail.Proxy.Commands;


namespace Guardrail.Training.Commands;

/// <summary><c>guardrail-training corpus [--out DIR]</c>: regenerates the synthetic corpus (<c>data/corpus</c>) deterministically.</summary>
internal static class CorpusCommand
{
    public const string Usage = "Usage: guardrail-training corpus [--out DIR]   (default data/corpus)";

    public static int Run(string[] args, TextWriter output) => Run(args, output, output);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var folder = Path.Combine("data", "corpus");
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (ArgumentErrors.IsHelp(arg))
            {
                output.WriteLine(Usage);
                return 0;
            }

            if (arg != "--out")
            {
                error.WriteLine(arg.StartsWith('-') ? ArgumentErrors.UnknownOption("corpus", arg, ["--out", "--help"]) : ArgumentErrors.Unexpected("corpus", arg));
                return ArgumentErrors.ExitCode;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith('-'))
            {
                error.WriteLine(ArgumentErrors.MissingValue("corpus", arg));
                return ArgumentErrors.ExitCode;
            }

            folder = args[++i];
        }

        CorpusGenerator.Write(folder);
        var (train, holdout) = CorpusGenerator.Generate();
        output.WriteLine($"corpus: wrote {folder}/train.jsonl ({train.Count} rows, {train.Count(r => r.Positive)} positive) and holdout.jsonl ({holdout.Count} rows, {holdout.Count(r => r.Positive)} positive)");
        return 0;
    }
}
