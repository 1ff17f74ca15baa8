using Guardrail.Load.Engine;

namespace Guardrail.Load.Tests.Engine;

public sealed class PhaseRunnerTests
{
    private static readonly Func<Func<Task>, Task> Inline = static work => work();

    private static LoadStep Taking(ManualClock clock, Func<long, TimeSpan> duration, bool ok = true) => new("step", (context, _) =>
    {
        clock.Advance(duration(context.Iteration));
        return Task.FromResult(ok ? StepOutcome.Success(200) : StepOutcome.Failed(500, "boom"));
    });

    [Fact]
    public async Task OpenModel_LatencyRunsFromTheIntendedTimeNotTheSend()
    {
        // Iteration 0 stalls for 300 ms. Run inline, it holds the dispatcher, so arrivals 1..3 (due at 100, 200 and
        // 300 ms) go out at 300 ms: their latency must include the 200 and 100 ms they waited to be sent.
        var clock = new ManualClock();
        var step = Taking(clock, k => k == 0 ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromMilliseconds(5));
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), PhaseLimits.Default, Inline);

        var recorder = await runner.RunAsync(Injection.ConstantRate(10, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        Assert.Equal(10, recorder.Started);
        Assert.Equal(10, recorder.Ok);
        var latency = recorder.Latency.Summarize();
        var service = recorder.ServiceTime.Summarize();
        var lag = recorder.SendLag.Summarize();
        Assert.InRange(latency.MaxMs, 299, 301);
        Assert.InRange(service.PercentilesMs[90], 4.9, 5.1);        // nine of ten took 5 ms once sent
        Assert.InRange(lag.MaxMs, 199, 201);                       // arrival 1 was sent 200 ms late
        Assert.True(latency.At(90) > 200, $"p90 from intended time should carry the queueing delay, was {latency.At(90)} ms");
    }

    [Fact]
    public async Task OpenModel_ArrivalsTheGeneratorReachesTooLateAreDropped()
    {
        var clock = new ManualClock();
        var step = Taking(clock, k => k == 0 ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero);
        var limits = PhaseLimits.Default with { LateLimit = TimeSpan.FromMilliseconds(50) };
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), limits, Inline);

        var recorder = await runner.RunAsync(Injection.ConstantRate(10, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        // Arrivals 1 and 2 are 200 and 100 ms late at 300 ms: dropped. Arrival 3, due at 300 ms, is on time.
        Assert.Equal(2, recorder.Dropped(DropReason.GeneratorLate));
        Assert.Equal(8, recorder.Started);
        Assert.Equal(2, recorder.Timeline()[0].Dropped);
    }

    [Fact]
    public async Task OpenModel_ArrivalsFindingThePoolEmptyAreDroppedNotQueued()
    {
        var clock = new ManualClock();
        var gate = new TaskCompletionSource<StepOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = new LoadStep("held", (_, _) => gate.Task);
        var limits = PhaseLimits.Default with { MaxInFlight = 3, Drain = TimeSpan.FromMinutes(1) };
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), limits, Inline);

        var run = runner.RunAsync(Injection.ConstantRate(10, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);
        Assert.Equal(3, runner.InFlight);
        gate.SetResult(StepOutcome.Success(200));
        var recorder = await run;

        Assert.Equal(3, recorder.Started);
        Assert.Equal(7, recorder.Dropped(DropReason.InFlightLimit));
        Assert.Equal(0, recorder.Dropped(DropReason.GeneratorLate));
        Assert.Equal(3, recorder.Ok);
        Assert.Equal(0, runner.InFlight);
    }

    [Fact]
    public async Task ClosedModel_RunsTheCountAndMeasuresFromEachStart()
    {
        var clock = new ManualClock();
        var runner = new PhaseRunner(clock, new LoadScenario("s", [Taking(clock, _ => TimeSpan.FromMilliseconds(10))]), PhaseLimits.Default, Inline);

        var recorder = await runner.RunAsync(Injection.Closed(2, TimeSpan.FromMinutes(1), count: 7), warmup: false, CancellationToken.None);

        Assert.Equal(7, recorder.Started);
        Assert.Equal(7, recorder.Ok);
        Assert.Equal(0, recorder.DroppedTotal);
        Assert.InRange(recorder.Latency.Summarize().MaxMs, 9.9, 10.1);
        Assert.InRange(recorder.SendLag.Summarize().MaxMs, 0, 0.01);
    }

    [Fact]
    public async Task FailedStep_EndsTheIterationAndSkipsLaterSteps()
    {
        var clock = new ManualClock();
        var second = 0;
        LoadStep[] steps =
        [
            Taking(clock, _ => TimeSpan.FromMilliseconds(1), ok: false),
            new("second", (_, _) =>
            {
                second++;
                return Task.FromResult(StepOutcome.Success(200));
            }),
        ];
        var runner = new PhaseRunner(clock, new LoadScenario("s", steps), PhaseLimits.Default, Inline);

        var recorder = await runner.RunAsync(Injection.ConstantRate(5, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        Assert.Equal(5, recorder.Failed);
        Assert.Equal(0, second);
        var summary = Assert.Single(recorder.StepSummaries());
        Assert.Equal(5, summary.Failures["boom"]);
        Assert.Equal(5, summary.StatusCodes[500]);
    }

    [Fact]
    public async Task ThrowingStep_IsRecordedAsAFailureWithItsKind()
    {
        var clock = new ManualClock();
        var step = new LoadStep("throws", (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), PhaseLimits.Default, Inline);

        var recorder = await runner.RunAsync(Injection.ConstantRate(2, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        Assert.Equal(2, recorder.Failed);
        Assert.Equal(2, recorder.StepSummaries()[0].Failures["http: ConnectionError"]);
    }

    [Fact]
    public async Task Warmup_IsVisibleToSteps()
    {
        var clock = new ManualClock();
        var seen = new List<bool>();
        var step = new LoadStep("s", (context, _) =>
        {
            seen.Add(context.Warmup);
            return Task.FromResult(StepOutcome.Success(200));
        });
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), PhaseLimits.Default, Inline);

        await runner.RunAsync(Injection.ConstantRate(1, TimeSpan.FromSeconds(1)), warmup: true, CancellationToken.None);
        await runner.RunAsync(Injection.ConstantRate(1, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        Assert.Equal(2, seen.Count);
        Assert.True(seen[0]);
        Assert.False(seen[1]);
    }

    [Fact]
    public async Task Sequence_IsUniqueAcrossPhasesSoTextsNeverRepeat()
    {
        var clock = new ManualClock();
        var seen = new List<(long Iteration, long Sequence)>();
        var step = new LoadStep("s", (context, _) =>
        {
            seen.Add((context.Iteration, context.Sequence));
            return Task.FromResult(StepOutcome.Success(200));
        });
        var runner = new PhaseRunner(clock, new LoadScenario("s", [step]), PhaseLimits.Default, Inline);
        var other = new PhaseRunner(clock, new LoadScenario("s", [step]), PhaseLimits.Default, Inline);

        await runner.RunAsync(Injection.ConstantRate(5, TimeSpan.FromSeconds(1)), warmup: true, CancellationToken.None);
        await runner.RunAsync(Injection.ConstantRate(5, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);
        await other.RunAsync(Injection.ConstantRate(5, TimeSpan.FromSeconds(1)), warmup: false, CancellationToken.None);

        Assert.Equal(15, seen.Count);
        Assert.Equal(15, seen.Select(s => s.Sequence).Distinct().Count());
        Assert.All(seen, s => Assert.Equal(s.Iteration, s.Sequence % PhaseRunner.PhaseStride));
    }
}
