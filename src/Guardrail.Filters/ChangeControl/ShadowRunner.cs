using System.Diagnostics;
using System.Threading.Channels;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// Runs the shadow candidate on real traffic without acting: every live decision (<see cref="IScreenObserver"/>) is
/// queued, and one background worker screens the same texts under the candidate's policy of the same name, compares
/// the two verdicts (<see cref="ShadowComparison"/>), counts the outcome and samples disagreements (ids and scores,
/// never text) to the audit trail.
/// </summary>
/// <remarks>
/// <para>Live traffic never waits for the shadow: <see cref="Observe"/> only tries to enqueue (bounded by count and by
/// characters) and counts what it drops. The worker screens one sample at a time with a screen of its own (its own
/// verdict cache, its own inference gate, its own meter), and skips a sample — counted — while live requests
/// are queueing for a model slot, so the shadow yields the cores to them.</para>
/// <para>Fail closed, and apart: a shadow screen that throws or misses its deadline is counted as a shadow error and
/// nothing else; the live verdict was already sent.</para>
/// </remarks>
internal sealed class ShadowRunner : IScreenObserver, IAsyncDisposable
{
    private readonly Func<ShadowCandidate?> _candidate;
    private readonly Func<long?> _liveRevision;
    private readonly Screen _screen;
    private readonly AuditLog? _audit;
    private readonly ILogger _logger;
    private readonly ShadowOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<bool> _liveBusy;
    private readonly Channel<(ShadowCandidate Candidate, ScreenSample Sample)> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _summaryLock = new();
    private Task? _worker;
    private long _queuedChars;
    private long _sampleWindowStart;
    private int _samplesInWindow;
    private long _lastSummary;
    private long _droppedReported;

    /// <param name="gate">Where the candidate comes from.</param>
    /// <param name="screen">The shadow's own screen (never the live one: its cache, gate and meter are apart).</param>
    /// <param name="audit">Where samples and summaries go; null counts only.</param>
    /// <param name="logger">Drops and failures.</param>
    /// <param name="options">Queue and sampling bounds.</param>
    /// <param name="time">Clock of the sample budget and summaries.</param>
    /// <param name="liveBusy">True while live requests wait for a model slot (the shadow then skips its sample).</param>
    public ShadowRunner(ShadowGate gate, Screen screen, AuditLog? audit, ILogger logger, ShadowOptions? options = null, TimeProvider? time = null, Func<bool>? liveBusy = null)
        : this(() => gate.Current, () => gate.Live.Serving?.Manifest.Revision, screen, audit, logger, options, time, liveBusy)
    {
        gate.Stopping = (candidate, reason) => WriteSummary(candidate, reason);
    }

    /// <summary>A runner over any source of candidates (tests; the gate's constructor above for the proxy).</summary>
    internal ShadowRunner(Func<ShadowCandidate?> candidate, Func<long?> liveRevision, Screen screen, AuditLog? audit, ILogger logger, ShadowOptions? options = null, TimeProvider? time = null, Func<bool>? liveBusy = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(liveRevision);
        ArgumentNullException.ThrowIfNull(screen);
        ArgumentNullException.ThrowIfNull(logger);
        _candidate = candidate;
        _liveRevision = liveRevision;
        _screen = screen;
        _audit = audit;
        _logger = logger;
        _options = options ?? new ShadowOptions();
        _time = time ?? TimeProvider.System;
        _liveBusy = liveBusy ?? (() => Classification.Encoder.InferenceGate.Shared.Waiting > 0);
        _queue = Channel.CreateBounded<(ShadowCandidate, ScreenSample)>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of dropping silently: counted
        });
        _lastSummary = _time.GetTimestamp();
        _sampleWindowStart = _lastSummary;
    }

    /// <summary>Starts the worker (a long-running task; one sample at a time).</summary>
    public void Start() => _worker ??= Task.Factory.StartNew(() => RunAsync(_stopping.Token), CancellationToken.None,
        TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>On the request path: enqueue or count the drop. Never blocks, never throws.</summary>
    public void Observe(ScreenSample sample)
    {
        if (sample is null || _candidate() is not { } candidate)
        {
            return;
        }

        var stats = candidate.Stats;
        stats.CountOffered();
        if (sample.Verdict.Action == ScreenAction.Undecided)
        {
            stats.CountLiveUndecided(); // nothing to compare against
            return;
        }

        var chars = sample.Chars;
        if (Interlocked.Add(ref _queuedChars, chars) > _options.MaxQueuedChars || !_queue.Writer.TryWrite((candidate, sample)))
        {
            Interlocked.Add(ref _queuedChars, -chars);
            stats.CountQueueFull();
        }
    }

    /// <summary>Screens one sample under the candidate and records the comparison (the worker's step; tests call it directly).</summary>
    internal async Task ProcessAsync(ShadowCandidate candidate, ScreenSample sample, CancellationToken cancellationToken)
    {
        var stats = candidate.Stats;
        if (!candidate.Store.TryGet(sample.Policy.Name, out var policy))
        {
            stats.CountMissingPolicy();
            return;
        }

        if (_liveBusy() || !policy.ModelsReady)
        {
            stats.CountBusy();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        ScreenVerdict shadow;
        try
        {
            shadow = await ScreenAsync(policy, sample, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            shadow = new ScreenVerdict(ScreenAction.Undecided, null, 0, "shadow", CategoryScores.Empty, "shadow error: " + ex.GetType().Name);
        }

        if (shadow.Action == ScreenAction.Undecided)
        {
            stats.CountShadowError();
            ShadowLog.Failed(_logger, sample.RequestId, shadow.Error ?? "unknown");
            return;
        }

        var difference = ShadowComparison.Compare(sample.Verdict, shadow);
        stats.CountCompared(sample.Direction, difference?.Kind, difference?.Category, Stopwatch.GetElapsedTime(started));
        if (difference is { } d)
        {
            var audited = TakeSampleSlot();
            stats.CountSample(audited);
            if (audited)
            {
                _audit?.Append("shadow.disagreement", SampleFields(candidate, sample, shadow, d.Kind, d.Category));
            }
        }
    }

    /// <summary>Writes a <c>shadow.summary</c> when one is due (the worker calls it between samples).</summary>
    internal void SummarizeIfDue()
    {
        if (_candidate() is { } candidate && _time.GetElapsedTime(Interlocked.Read(ref _lastSummary)) >= _options.SummaryInterval)
        {
            WriteSummary(candidate, reason: null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_worker is not null)
        {
            try
            {
                await _worker.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
                // Stopping: a sample in progress is abandoned.
            }
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await WaitAsync(reader, cancellationToken))
            {
                while (reader.TryRead(out var item))
                {
                    Interlocked.Add(ref _queuedChars, -item.Sample.Chars);

                    // A sample queued for a candidate that has since stopped belongs to nobody now.
                    if (ReferenceEquals(item.Candidate, _candidate()))
                    {
                        await ProcessAsync(item.Candidate, item.Sample, cancellationToken);
                    }

                    SummarizeIfDue();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Waits for a sample, waking at least once a summary interval so summaries are written on quiet days too.</summary>
    private async Task<bool> WaitAsync(ChannelReader<(ShadowCandidate, ScreenSample)> reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(_options.SummaryInterval.TotalSeconds, 1, 60)));
            try
            {
                return await reader.WaitToReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                SummarizeIfDue();
            }
        }
    }

    private async ValueTask<ScreenVerdict> ScreenAsync(GuardPolicy policy, ScreenSample sample, CancellationToken cancellationToken)
    {
        if (!sample.Streamed)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(policy.ScreenTimeout);
            return sample.Direction == "input"
                ? await _screen.ScreenRequestAsync(policy, sample.Texts, deadline.Token)
                : await _screen.ScreenResponseAsync(policy, sample.Texts, sample.RequestContext, deadline.Token);
        }

        // A stream: the windows the live guard judged, in order, under the candidate's policy; the strongest verdict
        // stands, and a block ends it (the candidate would have halted there).
        ScreenVerdict? strongest = null;
        foreach (var window in sample.Texts)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(policy.Streaming.Deadline);
            var verdict = await _screen.ScreenStreamWindowAsync(policy, window.Text, sample.RequestContext, deadline.Token);
            if (verdict.Action == ScreenAction.Undecided)
            {
                return verdict;
            }

            strongest = strongest is null || verdict.Action > strongest.Action ? verdict : strongest;
            if (verdict.Action == ScreenAction.Block)
            {
                break;
            }
        }

        return strongest ?? new ScreenVerdict(ScreenAction.Allow, null, 0, "shadow", CategoryScores.Empty);
    }

    /// <summary>The per-minute sample budget (the worker is the only caller).</summary>
    private bool TakeSampleSlot()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_sampleWindowStart, now) >= TimeSpan.FromMinutes(1))
        {
            _sampleWindowStart = now;
            _samplesInWindow = 0;
        }

        if (_samplesInWindow >= _options.SamplesPerMinute)
        {
            return false;
        }

        _samplesInWindow++;
        return true;
    }

    internal void WriteSummary(ShadowCandidate candidate, string? reason)
    {
        lock (_summaryLock)
        {
            Interlocked.Exchange(ref _lastSummary, _time.GetTimestamp());
            var snapshot = candidate.Stats.Snapshot();
            var dropped = snapshot.DroppedQueueFull + snapshot.DroppedBusy;
            if (dropped > _droppedReported)
            {
                ShadowLog.Dropped(_logger, dropped - _droppedReported);
                _droppedReported = dropped;
            }

            var fields = new List<KeyValuePair<string, object?>>
            {
                new("revision", candidate.Manifest.Revision),
                new("manifest_sha256", candidate.ManifestSha256),
                new("live_revision", _liveRevision()),
                new("since", candidate.AppliedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            };
            fields.AddRange(snapshot.ToAuditFields());
            if (reason is not null)
            {
                fields.Add(new("final", reason));
            }

            _audit?.Append("shadow.summary", fields);
        }
    }

    private List<KeyValuePair<string, object?>> SampleFields(ShadowCandidate candidate, ScreenSample sample, ScreenVerdict shadow, string kind, string category) =>
    [
        new("revision", candidate.Manifest.Revision),
        new("live_revision", _liveRevision()),
        new("request_id", sample.RequestId),
        new("direction", sample.Direction),
        new("streamed", sample.Streamed),
        new("kind", kind),
        new("category", category),
        new("policy", sample.Policy.Name),
        new("route", sample.RouteId),
        new("api", sample.Api),
        new("live_action", Screen.ActionName(sample.Verdict.Action)),
        new("live_category", sample.Verdict.Category),
        new("live_score", sample.Verdict.Score),
        new("live_stage", sample.Verdict.Stage),
        new("live_scores", DecisionLog.Format(sample.Verdict.Scores)),
        new("shadow_action", Screen.ActionName(shadow.Action)),
        new("shadow_category", shadow.Category),
        new("shadow_score", shadow.Score),
        new("shadow_stage", shadow.Stage),
        new("shadow_scores", DecisionLog.Format(shadow.Scores)),
    ];
}
