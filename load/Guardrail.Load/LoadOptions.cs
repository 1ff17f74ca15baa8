using System.Globalization;
using Guardrail.Load.Engine;

namespace Guardrail.Load;

/// <summary>
/// The runner's command line. Parsing returns the options or one line saying what is wrong (errors as values).
/// </summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        usage: Guardrail.Load [--scenario NAME|all] [--rate N | --ramp FROM:TO | --concurrency N] [--duration 30s] [--count N]
                              [--warmup 5s] [--compare] [--out DIR] [--profile smoke] [--max-in-flight N] [--late-limit 1s]
                              [--tokens N] [--token-rate N] [--policy DIR]
               Guardrail.Load stream-latency [--streams N --concurrency N --tokens N --interval-ms N --open N]
        scenarios: benign-chat, science, cbrn-heavy, streaming, limit-saturation, shared-redis, soak
        """;

    public IReadOnlyList<string> Scenarios { get; init; } = ["benign-chat"];

    public double? Rate { get; init; }

    public (double From, double To)? Ramp { get; init; }

    public int? Concurrency { get; init; }

    public TimeSpan? Duration { get; init; }

    public long? Count { get; init; }

    public TimeSpan? Warmup { get; init; }

    public bool Compare { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Smoke { get; init; }

    public int MaxInFlight { get; init; } = PhaseLimits.Default.MaxInFlight;

    public TimeSpan LateLimit { get; init; } = PhaseLimits.Default.LateLimit;

    public int? Tokens { get; init; }

    public double? TokenRate { get; init; }

    public string? PolicyDirectory { get; init; }

    /// <summary>Every option given, as written, for the report's settings.</summary>
    public IReadOnlyList<string> Raw { get; init; } = [];

    public static (LoadOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions { Raw = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--compare")
            {
                options = options with { Compare = true };
                continue;
            }

            if (name is "--help" or "-h")
            {
                return (null, Usage);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value\n{Usage}");
            }

            var value = args[++i];
            LoadOptions? next = name switch
            {
                "--scenario" => options with { Scenarios = value == "all" ? [.. Guardrail.Load.Scenarios.ScenarioCatalog.All.Select(s => s.Name)] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--rate" when Positive(value) is { } rate => options with { Rate = rate },
                "--ramp" when RampOf(value) is { } ramp => options with { Ramp = ramp },
                "--concurrency" when Positive(value) is { } c && c == Math.Floor(c) => options with { Concurrency = (int)c },
                "--duration" when DurationText.Parse(value) is { } d && d > TimeSpan.Zero => options with { Duration = d },
                "--count" when Positive(value) is { } n && n == Math.Floor(n) => options with { Count = (long)n },
                "--warmup" when DurationText.Parse(value) is { } w => options with { Warmup = w },
                "--out" => options with { OutputDirectory = value },
                "--profile" when value == "smoke" => options with { Smoke = true },
                "--max-in-flight" when Positive(value) is { } m && m == Math.Floor(m) => options with { MaxInFlight = (int)m },
                "--late-limit" when DurationText.Parse(value) is { } l => options with { LateLimit = l },
                "--tokens" when Positive(value) is { } t && t == Math.Floor(t) => options with { Tokens = (int)t },
                "--token-rate" when Positive(value) is { } r => options with { TokenRate = r },
                "--policy" => options with { PolicyDirectory = value },
                _ => null,
            };
            if (next is null)
            {
                return (null, $"{name} {value}: not a valid option or value\n{Usage}");
            }

            options = next;
        }

        if (new[] { options.Rate is not null, options.Ramp is not null, options.Concurrency is not null }.Count(b => b) > 1)
        {
            return (null, "give one of --rate, --ramp and --concurrency");
        }

        var unknown = options.Scenarios.FirstOrDefault(s => Guardrail.Load.Scenarios.ScenarioCatalog.Find(s) is null);
        return unknown is not null ? (null, $"unknown scenario {unknown}\n{Usage}") : (options, null);
    }

    /// <summary>The injection for a scenario: its default, with what the command line changed.</summary>
    public Injection InjectionFor(Injection fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var duration = Duration ?? fallback.Duration;
        var count = Count ?? fallback.Count;
        if (Concurrency is { } copies)
        {
            return Injection.Closed(copies, duration, count);
        }

        if (Ramp is { } ramp)
        {
            return Injection.Ramp(ramp.From, ramp.To, duration, count);
        }

        if (Rate is { } rate)
        {
            return Injection.ConstantRate(rate, duration, count);
        }

        return fallback with { Duration = duration, Count = count };
    }

    private static double? Positive(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value) ? value : null;

    private static (double, double)? RampOf(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2 && Positive(parts[0]) is { } from && Positive(parts[1]) is { } to ? (from, to) : null;
    }
}
