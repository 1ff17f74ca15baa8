using System.Globalization;
using Guardrail.Load.Engine;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Scenarios;

/// <summary>The named scenarios, with the load each runs by default (the full profiles README reports).</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<ScenarioDefinition> All { get; } =
    [
        new()
        {
            Name = "benign-chat",
            Description = "short benign chats (system + one user turn, fresh text each), non-streamed",
            DefaultInjection = Injection.ConstantRate(500, TimeSpan.FromSeconds(30)),
            Build = t => new LoadScenario("benign-chat", [ChatStep.Create(t, n => (PromptMix.Benign(n), Verdict.Allow))]),
        },
        new()
        {
            Name = "science",
            Description = "near-miss science questions (each names an agent or weapon, so each escalates to the encoder); a refusal is a counted false positive",
            DefaultInjection = Injection.ConstantRate(10, TimeSpan.FromSeconds(30)),
            Build = t => new LoadScenario("science", [ChatStep.Create(t, n => (PromptMix.NearMiss(n), Verdict.Either))]),
        },
        new()
        {
            Name = "cbrn-heavy",
            Description = "four in five requests are the tests' placeholder weapons requests (expected refusals are successes), one in five benign",
            DefaultInjection = Injection.ConstantRate(20, TimeSpan.FromSeconds(30)),
            Build = t => new LoadScenario("cbrn-heavy", [ChatStep.Create(t, n => PromptMix.IsHarmfulInHeavyMix(n) ? (PromptMix.Weapons(n), Verdict.Refuse) : (PromptMix.Benign(n), Verdict.Allow))]),
            Verify = v => v.Run.Target != TargetNames.Of(TargetKind.Guardrail) ? [] :
            [
                new Check(v.Run.Target, "every weapons request refused", v.Run.Counters.GetValueOrDefault("refused") == v.Run.Counters.GetValueOrDefault("weapons requests"),
                    string.Create(CultureInfo.InvariantCulture, $"{v.Run.Counters.GetValueOrDefault("refused")} refused of {v.Run.Counters.GetValueOrDefault("weapons requests")} weapons requests")),
            ],
        },
        new()
        {
            Name = "streaming",
            Description = "long streamed answers at the upstream's token rate; one in ten turns into the placeholder weapons answer and must be halted",
            DefaultInjection = Injection.ConstantRate(10, TimeSpan.FromSeconds(30)),
            Build = t => new LoadScenario("streaming", [StreamStep.Create(t)]),
            Verify = v =>
            [
                new Check(v.Run.Target, "no stalls", v.Run.Counters.GetValueOrDefault("stalls") == 0,
                    string.Create(CultureInfo.InvariantCulture, $"{v.Run.Counters.GetValueOrDefault("stalls")} gaps over {v.Settings.StallThreshold.TotalMilliseconds:0} ms")),
            ],
        },
        new()
        {
            Name = "limit-saturation",
            Description = "a keyed tenant held to a concurrency limit, sent more streams than it allows; 429s are retried after exactly their Retry-After",
            DefaultInjection = Injection.ConstantRate(40, TimeSpan.FromSeconds(30)),
            Comparable = false,
            Tenants = s => TenantsFiles.Limited(string.Create(CultureInfo.InvariantCulture, $"concurrent_requests: {s.ConcurrencyLimit}, requests_per_minute: unlimited, input_tokens_per_minute: unlimited")),
            Build = t => new LoadScenario("limit-saturation", [LimitedStep.Create(t, stream: true)]),
            Verify = v =>
            [
                new Check(v.Run.Target, "concurrency limit held exactly", v.Run.Upstream is { } u && u.MaxInFlight == v.Settings.ConcurrencyLimit,
                    string.Create(CultureInfo.InvariantCulture, $"at most {v.Run.Upstream?.MaxInFlight} streams at the upstream at once; limit {v.Settings.ConcurrencyLimit}")),
                new Check(v.Run.Target, "limit reached (429s seen)", v.Run.Counters.GetValueOrDefault("429") > 0,
                    string.Create(CultureInfo.InvariantCulture, $"{v.Run.Counters.GetValueOrDefault("429")} 429s, each waited out before the retry")),
            ],
        },
        new()
        {
            Name = "shared-redis",
            Description = "two Guardrail instances sharing limits in one redis-server (random loopback port); requests alternate between them; together they must admit exactly the per-minute limit",
            DefaultInjection = Injection.ConstantRate(100, TimeSpan.FromSeconds(20)),
            Comparable = false,
            GuardrailInstances = 2,
            Tenants = s => TenantsFiles.Limited(string.Create(CultureInfo.InvariantCulture, $"requests_per_minute: {s.RequestsPerMinute}, concurrent_requests: unlimited, input_tokens_per_minute: unlimited")),
            Build = t => new LoadScenario("shared-redis", [SharedLimitStep.Create(t)]),
            Verify = v =>
            [
                new Check(v.Run.Target, "requests per minute exact across instances",
                    v.Run.Counters.GetValueOrDefault("admitted") == Math.Min(v.Settings.RequestsPerMinute, v.Run.Started) && v.Run.Upstream?.Requests == v.Run.Counters.GetValueOrDefault("admitted"),
                    string.Create(CultureInfo.InvariantCulture, $"{v.Run.Counters.GetValueOrDefault("admitted")} admitted (upstream saw {v.Run.Upstream?.Requests}) of {v.Run.Started} sent; limit {v.Settings.RequestsPerMinute} per minute")),
            ],
        },
        new()
        {
            Name = "soak",
            Description = "benign chats at a steady rate for ten minutes; Guardrail's memory, handles and GC pauses sampled each second and fitted for trend",
            DefaultInjection = Injection.ConstantRate(200, TimeSpan.FromMinutes(10)),
            DefaultWarmup = TimeSpan.FromSeconds(30),
            Comparable = false,
            Soak = true,
            Build = t => new LoadScenario("soak", [ChatStep.Create(t, n => (PromptMix.Benign(n), Verdict.Allow))]),
        },
    ];

    public static ScenarioDefinition? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
