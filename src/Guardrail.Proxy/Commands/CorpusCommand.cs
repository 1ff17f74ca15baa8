using Guardrail.Proxy.Training;

namespace Guardrail.Proxy.Commands;

/// <summary><c>guardrail corpus [--out DIR]</c>: regenerates the synthetic corpus (<c>data/corpus</c>) deterministically.</summary>
internal static class CorpusCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var folder = args.Length == 2 && args[0] == "--out" ? args[1] : args.Length == 0 ? Path.Combine("data", "corpus") : null;
        if (folder is null)
        {
            output.WriteLine("corpus: usage: guardrail corpus [--out DIR]");
            return 64;
        }

        CorpusGenerator.Write(folder);
        var (train, holdout) = CorpusGenerator.Generate();
        output.WriteLine($"corpus: wrote {folder}/train.jsonl ({train.Count} rows, {train.Count(r => r.Positive)} positive) and holdout.jsonl ({holdout.Count} rows, {holdout.Count(r => r.Positive)} positive)");
        return 0;
    }
}
