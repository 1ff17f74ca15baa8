using System.Globalization;

namespace Guardrail.Training;

/// <summary>Arguments of <c>guardrail-training train</c>.</summary>
internal sealed record TrainOptions
{
    public string Encoder { get; init; } = "minilm";

    public string DevFolder { get; init; } = DefaultDevFolder();

    public string CorpusFolder { get; init; } = Path.Combine("data", "corpus");

    public string Output { get; init; } = Path.Combine("policies", "models", "cbrn-head.json");

    public int MaxTokens { get; init; } = 128;

    public int OverlapTokens { get; init; } = 32;

    /// <summary>Hidden units of the head (0: logistic regression).</summary>
    public int Hidden { get; init; } = 64;

    public int Epochs { get; init; } = 60;

    /// <summary>Loss weight of positive labels (network head).</summary>
    public double PositiveWeight { get; init; } = 2;

    public double LearningRate { get; init; } = 1e-3;

    public double L2 { get; init; } = 1e-4;

    public ulong Seed { get; init; } = CorpusGenerator.Seed;

    /// <summary>Train on only the first N rows (after a seeded shuffle): the reproducibility test's small run.</summary>
    public int? Limit { get; init; }

    /// <summary>Embedding cache file (speeds up re-training while tuning); null for none.</summary>
    public string? Cache { get; init; }

    /// <summary>Cross-validation folds over the development data (0: none).</summary>
    public int Folds { get; init; }

    /// <summary>Also write every training and held-out window's embedding and labels as TSV (for offline analysis).</summary>
    public string? Export { get; init; }

    /// <summary>Grouped cross-validation schemes to run instead of training the shipped head (<c>--cv agents|frames|sources|all</c>).</summary>
    public IReadOnlyList<CvScheme> Cv { get; init; } = [];

    /// <summary>Where the cross-validation report (Markdown) goes; null: standard output only.</summary>
    public string? Report { get; init; }

    /// <summary>Head recipes cross-validation compares (<see cref="HeadVariant.Named"/>).</summary>
    public IReadOnlyList<string> CvModels { get; init; } = ["mlp", "lr"];

    /// <summary>Generated rows per fold also run through the whole pipeline (0: head alone only); development rows always are.</summary>
    public int CvPipelineRows { get; init; } = 200;

    /// <summary>Policy file or folder of the pipeline cross-validation (null: the shipped policy).</summary>
    public string? Policy { get; init; }

    /// <summary>
    /// Logit shift added to every output of the shipped head (0: none): moves its 0.5 threshold to the operating point
    /// chosen by grouped cross-validation (README, "Learned tier: training and honest numbers"). Cross-validation
    /// itself scores unshifted heads.
    /// </summary>
    public double Shift { get; init; } = DefaultShift;

    /// <summary>The shipped head's shift: none (README: +0.56 would catch more unseen agents, but over-refuses, see there).</summary>
    public const double DefaultShift = 0;

    /// <summary>
    /// Relative noise put on every embedding value before training (0: none). A measuring tool only: it emulates the
    /// low-bit differences another CPU's kernels give, to choose the tolerance of <c>--check</c>.
    /// </summary>
    public double Perturb { get; init; }

    /// <summary>Compare with the existing output instead of writing it; a difference is a failure.</summary>
    public bool Check { get; init; }

    public static string DefaultDevFolder() =>
        Environment.GetEnvironmentVariable("GUARDRAIL_DEV_DATA") is { Length: > 0 } env ? env : Path.Combine("..", "shared", "data", "dev");

    /// <summary>
    /// Every option <see cref="Parse"/> takes (<c>--check</c> is the only one without a value). Kept beside the parser,
    /// so that the command line's strict name check cannot drift from it: add a case there, add its name here.
    /// </summary>
    public static readonly string[] OptionNames =
    [
        "--encoder", "--dev", "--corpus", "--out", "--cache", "--export", "--max-tokens", "--overlap", "--hidden",
        "--positive-weight", "--epochs", "--lr", "--l2", "--seed", "--limit", "--cv", "--report", "--policy",
        "--cv-models", "--cv-pipeline", "--shift", "--perturb", "--folds", "--check",
    ];

    /// <summary>Parses <paramref name="args"/>; an unknown or malformed argument is an error value.</summary>
    public static (TrainOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new TrainOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--check")
            {
                o = o with { Check = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            var invalid = (string?)null;
            switch (name)
            {
                case "--encoder": o = o with { Encoder = value }; break;
                case "--dev": o = o with { DevFolder = value }; break;
                case "--corpus": o = o with { CorpusFolder = value }; break;
                case "--out": o = o with { Output = value }; break;
                case "--cache": o = o with { Cache = value }; break;
                case "--export": o = o with { Export = value }; break;
                case "--max-tokens" when int.TryParse(value, CultureInfo.InvariantCulture, out var mt) && mt >= 8: o = o with { MaxTokens = mt }; break;
                case "--overlap" when int.TryParse(value, CultureInfo.InvariantCulture, out var ov) && ov >= 0: o = o with { OverlapTokens = ov }; break;
                case "--hidden" when int.TryParse(value, CultureInfo.InvariantCulture, out var hidden) && hidden >= 0 && hidden % 4 == 0: o = o with { Hidden = hidden }; break;
                case "--positive-weight" when double.TryParse(value, CultureInfo.InvariantCulture, out var pw) && pw > 0: o = o with { PositiveWeight = pw }; break;
                case "--epochs" when int.TryParse(value, CultureInfo.InvariantCulture, out var ep) && ep > 0: o = o with { Epochs = ep }; break;
                case "--lr" when double.TryParse(value, CultureInfo.InvariantCulture, out var lr) && lr > 0: o = o with { LearningRate = lr }; break;
                case "--l2" when double.TryParse(value, CultureInfo.InvariantCulture, out var l2) && l2 >= 0: o = o with { L2 = l2 }; break;
                case "--seed" when ulong.TryParse(value, CultureInfo.InvariantCulture, out var seed): o = o with { Seed = seed }; break;
                case "--limit" when int.TryParse(value, CultureInfo.InvariantCulture, out var limit) && limit > 0: o = o with { Limit = limit }; break;
                case "--cv" when ParseSchemes(value) is { } schemes: o = o with { Cv = schemes }; break;
                case "--report": o = o with { Report = value }; break;
                case "--policy": o = o with { Policy = value }; break;
                case "--cv-models" when value.Split(',', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } models && models.All(m => m is "mlp" or "lr" or "ensemble"): o = o with { CvModels = models }; break;
                case "--cv-pipeline" when int.TryParse(value, CultureInfo.InvariantCulture, out var pr) && pr >= 0: o = o with { CvPipelineRows = pr }; break;
                case "--shift" when double.TryParse(value, CultureInfo.InvariantCulture, out var shift) && Math.Abs(shift) <= 10: o = o with { Shift = shift }; break;
                case "--perturb" when double.TryParse(value, CultureInfo.InvariantCulture, out var noise) && noise >= 0 && noise < 0.1: o = o with { Perturb = noise }; break;
                case "--folds" when int.TryParse(value, CultureInfo.InvariantCulture, out var folds) && folds >= 2: o = o with { Folds = folds }; break;
                default: invalid = $"unknown argument or bad value: {name} {value}"; break;
            }

            if (invalid is not null)
            {
                return (null, invalid);
            }
        }

        if (o.Report is not null && o.Cv.Count == 0)
        {
            return (null, "--report needs --cv");
        }

        return o.OverlapTokens >= o.MaxTokens - 2 ? (null, "--overlap must be less than --max-tokens - 2") : (o, null);
    }

    private static CvScheme[]? ParseSchemes(string value) => value switch
    {
        "agents" => [CvScheme.Agents],
        "frames" => [CvScheme.Frames],
        "sources" => [CvScheme.Sources],
        "all" => [CvScheme.Agents, CvScheme.Frames, CvScheme.Sources],
        _ => null,
    };
}
