namespace Guardrail.Load.Engine;

/// <summary>
/// Runs one phase of a scenario under an <see cref="Injection"/> and records it. Open model: one dispatcher sends
/// each arrival at its intended time, every arrival whose time has come when it wakes, without waiting for answers.
/// Closed model: a fixed number of copies, each starting its next iteration when the previous one ends.
/// One phase at a time per runner (warm-up, then the measured phase).
/// </summary>
internal sealed class PhaseRunner
{
    private readonly ILoadClock _clock;
    private readonly LoadScenario _scenario;
    private readonly PhaseLimits _limits;
    private readonly Func<Func<Task>, Task> _launch;

    /// <param name="launch">Starts one iteration; the thread pool by default. Tests pass one that runs it inline.</param>
    public PhaseRunner(ILoadClock clock, LoadScenario scenario, PhaseLimits limits, Func<Func<Task>, Task>? launch = null)
    {
        _clock = clock;
        _scenario = scenario;
        _limits = limits;
        _launch = launch ?? (static work => Task.Run(work));
    }

    /// <summary>The phase being run, for a progress line (null between phases).</summary>
    public LoadRecorder? Current { get; private set; }

    /// <summary>Iterations in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The spacing of phases' sequence numbers: a phase of fewer iterations never runs into the next.</summary>
    public const long PhaseStride = 10_000_000_000;

    private static long s_phases;
    private int _inFlight;
    private bool _warmup;
    private long _sequenceBase;

    public async Task<LoadRecorder> RunAsync(Injection injection, bool warmup, CancellationToken cancellationToken)
    {
        _warmup = warmup;
        _sequenceBase = Interlocked.Increment(ref s_phases) * PhaseStride;
        ArgumentNullException.ThrowIfNull(injection);
        var recorder = new LoadRecorder(_clock.Elapsed);
        Current = recorder;
        using var iterations = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (injection.Kind == InjectionKind.ClosedConcurrency)
        {
            await RunClosedAsync(injection, recorder, iterations.Token);
        }
        else
        {
            await RunOpenAsync(injection, recorder, iterations);
        }

        return recorder;
    }

    private async Task RunOpenAsync(Injection injection, LoadRecorder recorder, CancellationTokenSource iterations)
    {
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatching = 1;
        var start = recorder.PhaseStart;
        for (long k = 0; !iterations.IsCancellationRequested; k++)
        {
            if (ArrivalSchedule.OffsetOf(injection, k) is not { } offset)
            {
                break;
            }

            var intended = start + offset;
            try
            {
                await _clock.WaitUntilAsync(intended, iterations.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (_clock.Elapsed - intended > _limits.LateLimit)
            {
                recorder.RecordDrop(intended, DropReason.GeneratorLate);
                continue;
            }

            if (Volatile.Read(ref _inFlight) >= _limits.MaxInFlight)
            {
                recorder.RecordDrop(intended, DropReason.InFlightLimit);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            var index = k;
            _ = _launch(async () =>
            {
                try
                {
                    await RunIterationAsync(index, intended, recorder, iterations.Token);
                }
                finally
                {
                    if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref dispatching) == 0)
                    {
                        allDone.TrySetResult();
                    }
                }
            });
        }

        Volatile.Write(ref dispatching, 0);
        if (Volatile.Read(ref _inFlight) == 0)
        {
            allDone.TrySetResult();
        }

        // Iterations still running when the schedule ends get the drain time to finish; past it they are cancelled
        // (and count as failed), so a hung answer cannot hold a run open.
        if (await Task.WhenAny(allDone.Task, Task.Delay(_limits.Drain)) != allDone.Task)
        {
            await iterations.CancelAsync();
            await allDone.Task;
        }
    }

    private async Task RunClosedAsync(Injection injection, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var next = -1L;
        var start = recorder.PhaseStart;
        var copies = Enumerable.Range(0, Math.Max(1, injection.Copies)).Select(_ => _launch(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var k = Interlocked.Increment(ref next);
                var now = _clock.Elapsed;
                if ((injection.Count is { } count && k >= count) || now - start >= injection.Duration)
                {
                    return;
                }

                Interlocked.Increment(ref _inFlight);
                try
                {
                    // A closed loop has no schedule: the iteration is intended when its copy gets to it.
                    await RunIterationAsync(k, now, recorder, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }));
        await Task.WhenAll(copies);
    }

    private async Task RunIterationAsync(long index, TimeSpan intended, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var actual = _clock.Elapsed;
        recorder.RecordStart(intended, actual);
        var context = new StepContext(index, intended, _clock, recorder.Metrics, _warmup, _sequenceBase + index);
        var ok = true;

        // The first step is measured from the intended start too: its wait in the generator is part of its latency.
        var stepStart = intended;
        foreach (var step in _scenario.Steps)
        {
            StepOutcome outcome;
            try
            {
                outcome = await step.Run(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Failed(0, "cancelled at the end of the phase");
            }
            catch (HttpRequestException ex)
            {
                outcome = StepOutcome.Failed(0, "http: " + ex.HttpRequestError);
            }
            catch (Exception ex) when (ex is IOException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
            {
                outcome = StepOutcome.Failed(0, ex.GetType().Name);
            }

            var now = _clock.Elapsed;
            recorder.Step(step.Name).Record(outcome, now - stepStart);
            stepStart = now;
            if (!outcome.Ok)
            {
                ok = false;
                break;
            }
        }

        recorder.RecordEnd(intended, actual, _clock.Elapsed, ok);
    }
}
