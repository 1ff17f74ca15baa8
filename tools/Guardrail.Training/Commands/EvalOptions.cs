using System.Globalization;
using Guardrail.Proxy.Commands;

namespace Guardrail.Training.Commands;

/// <summary>The parsed command line of <c>guardrail-training eval</c>; every option known, every number checked.</summary>
internal sealed record EvalOptions
{
    public const string Usage = """
        Usage: guardrail-training eval FILE.jsonl [FILE.jsonl...] [options]
          --policy FILE|DIR      policy to evaluate (default ./policies)
          --min-recall R         exit 1 when a file's recall is below R (0..1)
          --max-fpr F            exit 1 when a file's false-positive rate is above F (0..1)
          --min-auc A            exit 1 when a file's AUC is below A (0..1)
          --max-escalation E     exit 1 when a benign-only file escalates more than E of its rows (0..1)
          --sweep                print a threshold sweep over all rows
          --dump FILE            write every row's scores as JSONL
          --explain              with --dump: add the lexical tier's evidence for each row (anchors, intents, factors)
        """;

    private static readonly string[] Known = ["--policy", "--min-recall", "--max-fpr", "--min-auc", "--max-escalation", "--sweep", "--dump", "--explain", "--help"];

    public bool Help { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public string? Policy { get; init; }

    public double MinRecall { get; init; }

    public double MaxFpr { get; init; } = 1;

    public double MinAuc { get; init; }

    public double MaxEscalation { get; init; } = 1;

    public bool Sweep { get; init; }

    public string? Dump { get; init; }

    public bool Explain { get; init; }

    public static ParseResult<EvalOptions> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new EvalOptions();
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (ArgumentErrors.IsHelp(arg))
            {
                o = o with { Help = true };
                continue;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                files.Add(arg);
                continue;
            }

            if (arg is "--sweep" or "--explain")
            {
                o = arg == "--sweep" ? o with { Sweep = true } : o with { Explain = true };
                continue;
            }

            if (Array.IndexOf(Known, arg) < 0)
            {
                return ParseResult<EvalOptions>.Fail(ArgumentErrors.UnknownOption("eval", arg, Known));
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return ParseResult<EvalOptions>.Fail(ArgumentErrors.MissingValue("eval", arg));
            }

            var value = args[++i];
            if (arg is "--policy" or "--dump")
            {
                o = arg == "--policy" ? o with { Policy = value } : o with { Dump = value };
                continue;
            }

            // Rates and AUC are fractions; "95" for 95% would silently pass everything, so it is refused.
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number is < 0 or > 1 || double.IsNaN(number))
            {
                return ParseResult<EvalOptions>.Fail(ArgumentErrors.BadValue("eval", arg, value, "a number from 0 to 1, such as 0.95"));
            }

            o = arg switch
            {
                "--min-recall" => o with { MinRecall = number },
                "--max-fpr" => o with { MaxFpr = number },
                "--min-auc" => o with { MinAuc = number },
                _ => o with { MaxEscalation = number },
            };
        }

        return ParseResult<EvalOptions>.Ok(o with { Files = files });
    }
}
