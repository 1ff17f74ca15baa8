using System.Globalization;
using System.Net.Http.Json;
using Guardrail.Load.Engine;
using Guardrail.Load.Reports;
using Guardrail.Load.Scenarios;
using Guardrail.Load.Targets;

namespace Guardrail.Load;

/// <summary>
/// Runs scenario plans: starts the targets each needs (reusing a running set when the tenants file and instance count
/// match), runs warm-up and measured phase against each target in turn, reads CPU time from the operating system
/// around the measured phase, and builds the report.
/// </summary>
internal sealed class ScenarioRunner : IAsyncDisposable
{
    private readonly Dictionary<string, TargetSet> _sets = new(StringComparer.Ordinal);
    private readonly string _repository;
    private readonly string _work;
    private readonly LoadOptions _options;
    private readonly ILoadClock _clock = new SystemLoadClock();

    public ScenarioRunner(string repository, string work, LoadOptions options)
    {
        _repository = repository;
        _work = work;
        _options = options;
    }

    public async Task<(RunReport? Report, string? Error)> RunAsync(ScenarioPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var definition = plan.Definition;
        var started = DateTimeOffset.UtcNow;
        var environment = RunEnvironment.Capture(_repository, started);
        var (set, error) = await TargetsFor(plan, cancellationToken);
        if (set is null)
        {
            return (null, error);
        }

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(120) };
        var kinds = plan.Compare ? new[] { TargetKind.Direct, TargetKind.PlainYarp, TargetKind.Guardrail } : [TargetKind.Guardrail];
        var runs = new List<TargetRun>();
        var checks = new List<Check>();
        foreach (var kind in kinds)
        {
            var process = set.For(kind);
            var instances = kind == TargetKind.Guardrail ? set.Guardrails.Select(g => g.Address).ToList() : [process.Address];
            var target = new ScenarioTarget(kind, instances, client, plan.Settings);
            var scenario = definition.Build(target);
            var runner = new PhaseRunner(_clock, scenario, PhaseLimits.Default with { MaxInFlight = _options.MaxInFlight, LateLimit = _options.LateLimit });
            var name = TargetNames.Of(kind);
            var phase = "warm-up";
            await using (new ProgressLine($"{definition.Name} → {name}", runner, () => phase, plan.Injection.Duration))
            {
                if (plan.Warmup > TimeSpan.Zero)
                {
                    await runner.RunAsync(plan.Injection.For(plan.Warmup), warmup: true, cancellationToken);
                }

                phase = "measured";
                await ResetUpstreamAsync(client, set.Upstream, cancellationToken);
                var guardProcesses = kind == TargetKind.Guardrail ? set.Guardrails.ToList() : [process];
                var cpuBefore = guardProcesses.Sum(p => p.CpuTime.TotalMilliseconds);
                var upstreamBefore = set.Upstream.CpuTime.TotalMilliseconds;
                var samplesFrom = process.Latest?.Seconds ?? 0;
                var generatorBefore = GeneratorCpuMs();
                var wallStart = _clock.Elapsed;
                var recorder = await runner.RunAsync(plan.Injection, warmup: false, cancellationToken);
                var seconds = (_clock.Elapsed - wallStart).TotalSeconds;
                var cpu = guardProcesses.Sum(p => p.CpuTime.TotalMilliseconds) - cpuBefore;
                var upstreamCpu = set.Upstream.CpuTime.TotalMilliseconds - upstreamBefore;
                var generatorCpu = GeneratorCpuMs() - generatorBefore;
                var upstreamStats = await UpstreamStatsAsync(client, set.Upstream, cancellationToken);

                // The target's CPU while it serves nothing, so CPU per request can be read net of its fixed costs
                // (timers, the policy watcher, the runtime) that a low rate would otherwise charge to each request.
                // Read after the phase, not before: right after the warm-up, tiered JIT is still compiling.
                var idleMsPerSecond = await IdleCpuAsync(guardProcesses, plan.Idle, cancellationToken);

                // Give the last one-second sample time to arrive, so the window is covered to its end.
                if (definition.Soak)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken);
                }

                var samples = definition.Soak ? process.Samples(samplesFrom, double.MaxValue) : [];
                var run = Build(name, plan, recorder, seconds, process, cpu, upstreamCpu, upstreamStats, samples) with { GeneratorCpuMs = generatorCpu, IdleCpuMsPerSecond = idleMsPerSecond };
                runs.Add(run);
                checks.Add(new Check(name, "no failed iterations", run.Failed == 0,
                    run.Failed == 0 ? "none" : string.Join("; ", run.Steps.SelectMany(s => s.Failures).Select(f => $"{f.Value} × {f.Key}"))));
                checks.AddRange(definition.Verify(new VerificationInput(run, plan.Settings)));
                if (run.Soak is { } soak)
                {
                    checks.AddRange(soak.Checks(name));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {definition.Name} → {name}: {runs[^1].Ok} ok, {runs[^1].Failed} failed, {runs[^1].Dropped} dropped, {runs[^1].Throughput:0.#}/s, p50 {runs[^1].Latency.P50:0.###} ms, p99 {runs[^1].Latency.P99:0.###} ms, CPU {runs[^1].CpuPerRequestUs:0} µs/request"));
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["injection"] = plan.Injection.Describe(),
            ["warm-up"] = DurationText.Format(plan.Warmup),
            ["targets"] = string.Join(", ", kinds.Select(TargetNames.Of)),
            ["generator"] = string.Create(CultureInfo.InvariantCulture, $"at most {_options.MaxInFlight} in flight, an arrival more than {_options.LateLimit.TotalMilliseconds:0} ms late is dropped; one HttpClient, loopback"),
            ["upstream"] = string.Create(CultureInfo.InvariantCulture, $"scripted, {plan.Settings.TokenRate:0.#} tokens/s per stream, {plan.Settings.StreamTokens} events per streamed answer"),
            ["guardrail"] = string.Create(CultureInfo.InvariantCulture, $"{set.Guardrails.Count} instance(s), policy {Path.GetFileName(PolicyDirectory.TrimEnd('/'))}, server GC; tenants: {OneLine(definition.Tenants(plan.Settings))}"),
            ["command line"] = string.Join(' ', _options.Raw),
        };
        if (set.RedisAddress is { } redis)
        {
            settings["redis"] = "redis-server at " + redis + " (no persistence)";
        }

        var report = new RunReport
        {
            Scenario = definition.Name,
            Description = definition.Description,
            Settings = settings,
            Environment = environment with { LoadAverageAfter = RunEnvironment.LoadAverage() },
            Runs = runs,
            Checks = checks,
        };
        return (report, null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var set in _sets.Values)
        {
            await set.DisposeAsync();
        }

        _sets.Clear();
    }

    private string PolicyDirectory => _options.PolicyDirectory ?? Path.Combine(_repository, "policies");

    private async Task<(TargetSet? Set, string? Error)> TargetsFor(ScenarioPlan plan, CancellationToken cancellationToken)
    {
        var tenants = plan.Definition.Tenants(plan.Settings);
        var key = string.Create(CultureInfo.InvariantCulture, $"{plan.Definition.GuardrailInstances}|{plan.Compare}|{tenants}");
        if (_sets.TryGetValue(key, out var existing))
        {
            return (existing, null);
        }

        var settings = new TargetSettings
        {
            TokenRate = plan.Settings.TokenRate,
            Tokens = plan.Settings.StreamTokens,
            Tenants = tenants,
            PolicyDirectory = PolicyDirectory,
        };
        Console.WriteLine($"starting targets for {plan.Definition.Name}: upstream{(plan.Compare ? ", plain YARP" : "")}, {plan.Definition.GuardrailInstances} Guardrail instance(s)...");
        var (set, error) = await TargetSet.StartAsync(settings, plan.Compare, plan.Definition.GuardrailInstances, Path.Combine(_work, "set-" + _sets.Count), cancellationToken);
        if (set is not null)
        {
            _sets[key] = set;
        }

        return (set, error);
    }

    private static async Task ResetUpstreamAsync(HttpClient client, ChildProcess upstream, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri(upstream.Address, "load/reset"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<UpstreamStats?> UpstreamStatsAsync(HttpClient client, ChildProcess upstream, CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<UpstreamStats>(new Uri(upstream.Address, "load/stats"), cancellationToken);

    private static TargetRun Build(string name, ScenarioPlan plan, LoadRecorder recorder, double seconds, ChildProcess process, double cpuMs, double upstreamCpuMs,
        UpstreamStats? upstream, IReadOnlyList<ProcessSample> samples) => new()
    {
        Target = name,
        Injection = plan.Injection.Describe(),
        Seconds = seconds,
        Started = recorder.Started,
        Ok = recorder.Ok,
        Failed = recorder.Failed,
        DroppedInFlightLimit = recorder.Dropped(DropReason.InFlightLimit),
        DroppedGeneratorLate = recorder.Dropped(DropReason.GeneratorLate),
        Latency = Latency.From(recorder.Latency.Summarize()),
        ServiceTime = Latency.From(recorder.ServiceTime.Summarize()),
        SendLag = Latency.From(recorder.SendLag.Summarize()),
        Steps = recorder.StepSummaries(),
        Histograms = recorder.Metrics.SummarizeHistograms().ToDictionary(p => p.Key, p => Latency.From(p.Value), StringComparer.Ordinal),
        Counters = recorder.Metrics.Counters(),
        Timeline = recorder.Timeline(),
        Process = process.ToString(),
        CpuMs = cpuMs,
        UpstreamCpuMs = upstreamCpuMs,
        Upstream = upstream,
        Samples = samples,
        Soak = samples.Count > 0 ? SoakTrend.From(samples) : null,
    };

    private static async Task<double?> IdleCpuAsync(IReadOnlyList<ChildProcess> processes, TimeSpan window, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        // Two seconds to settle first: work the phase left behind (the decision log's queue, a last collection) is the
        // phase's, not idling's.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var before = processes.Sum(p => p.CpuTime.TotalMilliseconds);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(window, cancellationToken);
        return (processes.Sum(p => p.CpuTime.TotalMilliseconds) - before) / System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double GeneratorCpuMs()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    private static string OneLine(string yaml) => string.Join(' ', yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Replace(TenantsFiles.Hash(TenantsFiles.LoadKey), "sha256:…", StringComparison.Ordinal);
}
