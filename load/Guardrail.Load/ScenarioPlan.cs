using Guardrail.Load.Engine;
using Guardrail.Load.Scenarios;

namespace Guardrail.Load;

/// <summary>One scenario as it will run: its definition, the injection and warm-up in force, the targets, the settings.</summary>
internal sealed record ScenarioPlan(ScenarioDefinition Definition, Injection Injection, TimeSpan Warmup, bool Compare, ScenarioSettings Settings)
{
    /// <summary>How long each target's idle CPU is read after its warm-up (none in the smoke profile).</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The plans of an invocation. The smoke profile runs every scenario for a second or two at a low rate (benign
    /// chat three-way), with short streams and small limits, so CI proves each one works end to end in seconds.
    /// </summary>
    public static IReadOnlyList<ScenarioPlan> From(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new ScenarioSettings
        {
            StreamTokens = options.Tokens ?? (options.Smoke ? 30 : 200),
            TokenRate = options.TokenRate ?? (options.Smoke ? 200 : 50),
            ConcurrencyLimit = options.Smoke ? 2 : 8,
            RequestsPerMinute = options.Smoke ? 40 : 500,
            HaltEvery = options.Smoke ? 3 : 10,
            LimitStreamTokens = options.Smoke ? 30 : 20,
        };
        if (options.Smoke)
        {
            var names = options.Raw.Contains("--scenario") ? options.Scenarios : ScenarioCatalog.All.Select(s => s.Name);
            return names.Select(n => ScenarioCatalog.Find(n)!).Select(d => new ScenarioPlan(d, SmokeInjection(d.Name), TimeSpan.FromSeconds(1),
                d.Name == "benign-chat" || (options.Compare && d.Comparable), settings) { Idle = TimeSpan.Zero }).ToList();
        }

        return options.Scenarios.Select(n => ScenarioCatalog.Find(n)!).Select(d => new ScenarioPlan(
            d, options.InjectionFor(d.DefaultInjection), options.Warmup ?? d.DefaultWarmup, options.Compare && d.Comparable, settings)).ToList();
    }

    private static Injection SmokeInjection(string scenario) => scenario switch
    {
        // Every near-miss and weapons request escalates to the encoder: kept low, so a slow (Debug, shared) CI machine
        // stays inside the screen's deadline instead of failing closed with 503.
        "science" => Injection.ConstantRate(3, TimeSpan.FromSeconds(2)),
        "cbrn-heavy" => Injection.ConstantRate(10, TimeSpan.FromSeconds(2)),
        "streaming" => Injection.ConstantRate(10, TimeSpan.FromSeconds(2)),
        "limit-saturation" => Injection.ConstantRate(40, TimeSpan.FromSeconds(2)),
        "shared-redis" => Injection.ConstantRate(50, TimeSpan.FromSeconds(2)),
        "soak" => Injection.ConstantRate(50, TimeSpan.FromSeconds(3)),
        _ => Injection.ConstantRate(50, TimeSpan.FromSeconds(2)),
    };
}
