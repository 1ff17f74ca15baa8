using System.Buffers;
using System.Diagnostics;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// The read side of a guarded server-sent-event answer. YARP copies the upstream body by reading this stream; each
/// read pulls upstream bytes, frames them into events, lets the API's assembler pull out the generated text, and
/// classifies a sliding window of it (with the request's context) every step. Events are handed on byte for byte —
/// in holdback mode only once the text they carry has been judged. On a violation the held events are dropped, the
/// API's own stop events are returned, then end of stream, and the upstream is disposed at once (YARP then sees a
/// normal end of body and the client a clean, provider-shaped halt).
/// </summary>
internal sealed class GuardedSseStream : Stream
{
    private const int ReadSize = 16 * 1024;
    private const int CharsPerToken = 4;
    private const int MaxContextChars = 512;

    // Events with no text can pile up behind held text; past this the held events are judged early to bound memory.
    private const int MaxHeldBytes = 256 * 1024;

    // Parallel outputs (choices x text, tool calls and reasoning; blocks; items and parts; paths of other strings) one
    // stream may have, each with its own window (allocated as it grows): OpenAI allows n up to 128, each choice with
    // a few. Past it the stream halts (fail closed).
    private const int MaxParallelOutputs = 1024;

    private readonly Stream _upstream;
    private readonly IStreamAssembler _assembler;
    private readonly StreamGuardContext _context;
    private readonly StreamGuardSettings _settings;
    private readonly SseFrameReader _reader;
    private readonly ReleaseBuffer _out = new();
    private readonly StreamWindows _outputs;
    private readonly CategoryScores _maxScores = new();
    private readonly int _stepChars;
    private readonly string? _requestContext;
    private byte[]? _readBuffer;
    private readonly IEgressMeter? _egress;
    private readonly bool _screens;
    private bool _done;
    private bool _drainIncomplete;
    private bool _upstreamEnded;
    private bool _lengthCapReached;
    private byte[] _parked = [];
    private bool _parkedHasText;
    private bool _parkedFinal;
    private Task<EgressDecision>? _parkedDecision;
    private EgressDecision _parkedResult;
    private bool _disposed;
    private int _windows;
    private long _releasedBytes;
    private readonly GuardrailMetrics _metrics;
    private readonly Activity? _span;
    private readonly bool _chunkTimings;
    private long _lastChunk;
    private string? _lastWindow;

    // Only while an observer (shadow policy, capture) is attached: the windows judged and the strongest verdict.
    private readonly List<Adapters.ExtractedText>? _observed;
    private ScreenVerdict? _strongest;

    public GuardedSseStream(Stream upstream, IStreamAssembler assembler, StreamGuardContext context)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(assembler);
        ArgumentNullException.ThrowIfNull(context);
        _upstream = upstream;
        _assembler = assembler;
        _context = context;
        _settings = context.Policy.Streaming;
        _reader = new SseFrameReader(_settings.MaxEventBytes);
        _stepChars = _settings.StepTokens * CharsPerToken;
        _outputs = new StreamWindows(_settings.WindowTokens * CharsPerToken, _stepChars, MaxParallelOutputs);
        _egress = context.Egress;
        _screens = context.ScreensText;
        _observed = context.Tap is null || !_screens ? null : [];

        // The context is judged with every window; only its end matters for what the answer continues, and every
        // character of it is re-read at every step.
        var ctx = context.RequestContext;
        _requestContext = ctx is { Length: > MaxContextChars } ? ctx[^MaxContextChars..] : ctx;

        _metrics = context.Screen.Metrics;
        _chunkTimings = _metrics.ChunkTimingsEnabled;

        // The span lives as long as the stream; it must not become the current activity of whoever created the body.
        var current = Activity.Current;
        _span = GuardrailActivity.Start(GuardrailActivity.StreamGuard);
        if (_span is not null)
        {
            Activity.Current = current;
            _span.SetTag("guardrail.request_id", context.RequestId);
            _span.SetTag("guardrail.api", context.Api);
        }
    }

    /// <summary>Whether the guard stopped the stream.</summary>
    public bool Halted { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            // YARP waits with a zero-byte read so an idle stream holds no buffer; pass the wait upstream.
            if (!_out.HasReleased && !_done)
            {
                _ = await _upstream.ReadAsync(Memory<byte>.Empty, cancellationToken);
            }

            return 0;
        }

        while (true)
        {
            if (_out.HasReleased)
            {
                var n = _out.CopyReleased(buffer.Span);
                if (_chunkTimings)
                {
                    TimeChunk();
                }

                _releasedBytes += n;
                return n;
            }

            if (_done)
            {
                return 0;
            }

            if (_drainIncomplete || _parked.Length > 0)
            {
                // Events already read (or one the egress meter paced) come before any new upstream bytes.
                await DrainFramesAsync(cancellationToken);
                continue;
            }

            if (_upstreamEnded)
            {
                await FinishAsync(cancellationToken);
                continue;
            }

            _readBuffer ??= ArrayPool<byte>.Shared.Rent(ReadSize);
            var read = await _upstream.ReadAsync(_readBuffer, cancellationToken);
            if (read == 0)
            {
                // Drain what is left in the framer first (that may pace or yield), then finish.
                _reader.Complete();
                _upstreamEnded = true;
                _drainIncomplete = true;
            }
            else
            {
                _reader.Append(_readBuffer.AsSpan(0, read));
                await DrainFramesAsync(cancellationToken);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>
    /// Handles every complete event, stopping to classify whenever a step's worth of text (or a final event) is held,
    /// and to consult the egress meter (output caps, bandwidth pacing) before an event with text is accepted.
    /// </summary>
    private async ValueTask DrainFramesAsync(CancellationToken cancellationToken)
    {
        _drainIncomplete = false;
        while (!_done)
        {
            var fromParked = _parked.Length > 0;
            var next = fromParked ? await AcceptParkedAsync(cancellationToken) : ProcessFrames(cancellationToken);
            if (_done)
            {
                return;
            }

            if (next == FrameStep.Yield)
            {
                // Let the client have what is released before pacing; the parked event waits for the next read.
                _drainIncomplete = true;
                return;
            }

            if (_lengthCapReached)
            {
                await ClassifyAsync(cancellationToken);
                if (!_done)
                {
                    EndForLength();
                }

                return;
            }

            if (next == FrameStep.NeedMore)
            {
                // The parked event is handled; the framer may still hold complete events behind it.
                if (fromParked)
                {
                    continue;
                }

                break;
            }

            if (next == FrameStep.Classify)
            {
                await ClassifyAsync(cancellationToken);
            }
        }

        if (!_done && _reader.Error == SseReadError.EventTooLarge)
        {
            Halt("event too large", null);
        }
    }

    /// <summary>Synchronous fast path: frame, assemble, meter, buffer. Says what must happen before reading on.</summary>
    private FrameStep ProcessFrames(CancellationToken cancellationToken)
    {
        while (_reader.TryRead(out var frame))
        {
            var ev = _assembler.Process(in frame);
            if (ev.IsMalformed && _screens && _context.Policy.OnClassifierError == FailureMode.Closed)
            {
                // Text we cannot read is text we cannot judge.
                Halt("malformed event", null);
                return FrameStep.NeedMore;
            }

            // Text is what must be judged before the event goes out; only generated output is charged as tokens,
            // not the metadata and other strings the structural sweep reports.
            var pendingBefore = _outputs.PendingChars;
            var generated = false;
            var tokens = 0;
            _outputs.BeginEvent();
            foreach (ref readonly var delta in ev.Deltas.Span)
            {
                if (delta.Text.IsEmpty)
                {
                    continue;
                }

                if (_screens && !_outputs.Append(in delta))
                {
                    Halt("too many parallel outputs", null);
                    return FrameStep.NeedMore;
                }

                if (delta.Kind != StreamDeltaKind.Other)
                {
                    generated = true;
                    tokens += _egress?.CountTokens(delta.Text.Span) ?? 0;
                }
            }

            var hasText = generated || _outputs.PendingChars > pendingBefore;

            if (ev.IsUpstreamError)
            {
                StreamLog.UpstreamError(_context.Logger, _context.RequestId, _context.RouteId, ev.UpstreamErrorCode ?? "unknown");
            }

            var final = ev.IsTerminal || ev.IsUpstreamError;
            if (generated && _egress is not null)
            {
                // Output caps are charged before the event can go out; most calls complete synchronously.
                var pending = _egress.OnOutputAsync(Math.Max(1, tokens), frame.Raw.Length, cancellationToken);
                if (!pending.IsCompletedSuccessfully)
                {
                    Park(frame.Raw.Span, hasText, final, pending.AsTask(), default);
                    return FrameStep.Meter;
                }

                var decision = pending.Result;
                if (decision.Action == EgressAction.Stop)
                {
                    _lengthCapReached = true;
                    return FrameStep.Classify;
                }

                if (decision.Delay > TimeSpan.Zero)
                {
                    Park(frame.Raw.Span, hasText, final, null, decision);
                    return FrameStep.Meter;
                }
            }

            var step = Accept(frame.Raw.Span, hasText, generated, final);
            if (step != FrameStep.NeedMore)
            {
                return step;
            }
        }

        return FrameStep.NeedMore;
    }

    /// <summary>Queues an event's bytes for the client (held or released) and says whether held text must be judged now.</summary>
    private FrameStep Accept(ReadOnlySpan<byte> raw, bool hasText, bool generated, bool final)
    {
        _out.Append(raw);
        if (final)
        {
            // Never let a final event past unjudged text: the stop signal must come after the verdict.
            return FrameStep.Classify;
        }

        if (_settings.Mode == StreamGuardMode.Optimistic || (!hasText && _outputs.PendingChars == 0))
        {
            ReleaseAll();
        }
        else if (!generated)
        {
            // A keep-alive (or any event without generated text, e.g. only metadata or a comment to judge) must not
            // wait behind a part-step of held text: idle timeouts (YARP's ActivityTimeout, clients, intermediaries)
            // count only what reaches the client.
            return FrameStep.Classify;
        }

        return _outputs.StepReached || _out.HeldBytes > MaxHeldBytes ? FrameStep.Classify : FrameStep.NeedMore;
    }

    private void Park(ReadOnlySpan<byte> raw, bool hasText, bool final, Task<EgressDecision>? pending, EgressDecision decided)
    {
        _parked = raw.ToArray();
        _parkedHasText = hasText;
        _parkedFinal = final;
        _parkedDecision = pending;
        _parkedResult = decided;
    }

    /// <summary>Finishes an event the egress meter had to think about (store round trip) or asked to pace.</summary>
    private async ValueTask<FrameStep> AcceptParkedAsync(CancellationToken cancellationToken)
    {
        if (_parkedDecision is { } pending)
        {
            _parkedResult = await pending;
            _parkedDecision = null;
        }

        if (_parkedResult.Action == EgressAction.Stop)
        {
            _parked = [];
            _lengthCapReached = true;
            return FrameStep.Classify;
        }

        if (_parkedResult.Delay > TimeSpan.Zero)
        {
            if (_out.HasReleased)
            {
                return FrameStep.Yield;
            }

            await Task.Delay(_parkedResult.Delay, cancellationToken);
            _parkedResult = _parkedResult with { Delay = TimeSpan.Zero };
        }

        var raw = _parked;
        _parked = [];
        // Only events with generated text are metered, so a parked event has some.
        return Accept(raw, _parkedHasText, generated: true, _parkedFinal);
    }

    /// <summary>The client's output cap is reached: everything judged so far goes out, then the API's length stop.</summary>
    private void EndForLength()
    {
        _out.DropHeld();
        if (!_assembler.HasTerminatedCommitted)
        {
            _out.Append(_assembler.BuildLengthStop());
            _out.Release();
        }

        _done = true;
        OfferObserved();
        StreamLog.LengthStop(_context.Logger, _context.RequestId, _context.RouteId, _context.Api, _outputs.TotalChars);
        _metrics.RecordLengthStop();
        _span?.SetTag("guardrail.stream.end", "length");
        _upstream.Dispose();
    }

    private async ValueTask ClassifyAsync(CancellationToken cancellationToken)
    {
        if (!_screens)
        {
            // Metered only (output screening off): nothing is held for a verdict.
            ReleaseAll();
            return;
        }

        while (_outputs.NextWindow(out var kind) is { } text)
        {
            _windows++;
            ScreenVerdict verdict;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(_settings.Deadline);
                verdict = await _context.Screen.ScreenStreamWindowAsync(_context.Policy, text, _requestContext, deadline.Token);
            }

            // Kept only for the finding's hash, and only while traced.
            _lastWindow = _span is { IsAllDataRequested: true } && verdict.Action != ScreenAction.Allow ? text : null;

            cancellationToken.ThrowIfCancellationRequested();
            _maxScores.RaiseAll(verdict.Scores);
            if (_observed is not null)
            {
                _observed.Add(new Adapters.ExtractedText(Adapters.TextOrigin.Assistant, "stream", text));
                _strongest = Stronger(_strongest, verdict);
            }

            switch (verdict.Action)
            {
                case ScreenAction.Block:
                    if (kind == StreamDeltaKind.Other)
                    {
                        // The stream's own metadata (id, model, the announced response) may be what is blocked.
                        _assembler.DistrustUncommitted();
                    }

                    Halt("content policy", verdict);
                    _context.OnContentBlocked?.Invoke();
                    return;
                case ScreenAction.Undecided:
                    // A missed deadline follows the streaming setting; a classifier that failed follows the policy's
                    // classifier rule. Both default to closed.
                    var mode = verdict.Error == Screen.DeadlineExceeded ? _settings.OnDeadline : _context.Policy.OnClassifierError;
                    StreamLog.Undecided(_context.Logger, _context.RequestId, _context.RouteId, verdict.Error ?? "unknown", mode.ToString());
                    if (mode == FailureMode.Closed)
                    {
                        Halt(verdict.Error == Screen.DeadlineExceeded ? "classifier deadline" : "classifier error", verdict);
                        return;
                    }

                    break;
                case ScreenAction.Flag:
                    StreamLog.Flagged(_context.Logger, _context.RequestId, _context.RouteId, _context.Api, verdict.Category ?? "none", verdict.Score, _outputs.TotalChars);
                    RecordFeed(verdict, "flag");
                    if (_lastWindow is not null)
                    {
                        SecurityFinding.Add(_span, "output", verdict, _context.Policy.Name, _context.PolicyRevision, _lastWindow);
                    }

                    break;
            }
        }

        ReleaseAll();
    }

    /// <summary>Everything processed so far goes to the client; the assembler's halt state follows what the client saw.</summary>
    private void ReleaseAll()
    {
        _out.Release();
        _assembler.Commit();
    }

    /// <summary>Upstream ended and every complete event is handled: judge what is held, release it, end.</summary>
    private async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_reader.Error == SseReadError.IncompleteEvent)
        {
            StreamLog.Incomplete(_context.Logger, _context.RequestId, _context.RouteId, _reader.Pending.Length);
        }

        await ClassifyAsync(cancellationToken);
        if (_done)
        {
            return;
        }

        _done = true;
        OfferObserved();
        StreamLog.Completed(_context.Logger, _context.RequestId, _outputs.TotalChars, _windows, _maxScores.Values.Count == 0 ? 0 : _maxScores.Values.Values.Max());
        _span?.SetTag("guardrail.stream.end", "completed");
    }

    /// <summary>Time to first chunk (from the request's arrival), then the time between chunks handed to the client.</summary>
    private void TimeChunk()
    {
        var now = Stopwatch.GetTimestamp();
        var operation = GenAiNames.Operation(_context.Api);
        var provider = GenAiNames.Provider(_context.Api);
        if (_lastChunk == 0)
        {
            if (_context.Arrived > 0)
            {
                _metrics.RecordFirstChunk(Stopwatch.GetElapsedTime(_context.Arrived, now).TotalSeconds, operation, provider);
            }
        }
        else
        {
            _metrics.RecordChunkInterval(Stopwatch.GetElapsedTime(_lastChunk, now).TotalSeconds, operation, provider);
        }

        _lastChunk = now;
    }

    private void RecordFeed(ScreenVerdict? verdict, string action)
    {
        if (_metrics.Feed.Enabled)
        {
            _metrics.Feed.Add(new DecisionRecord(DateTimeOffset.UtcNow, _context.RequestId, _context.RouteId, _context.Api, "stream", action,
            verdict?.Category ?? "none", verdict?.Score ?? 0, verdict?.Stage ?? "guard", 0));
        }
    }

    private static string ReasonTag(string reason) => reason switch
    {
        "content policy" => "content_policy",
        "classifier deadline" => "classifier_deadline",
        "classifier error" => "classifier_error",
        "event too large" => "event_too_large",
        "malformed event" => "malformed_event",
        _ => "other",
    };

    private void Halt(string reason, ScreenVerdict? verdict)
    {
        _out.DropHeld();
        if (_outputs.OtherPendingChars > 0)
        {
            // Strings not judged yet may be the metadata a halt would echo: it names only what the client has.
            _assembler.DistrustUncommitted();
        }

        // A client that already has the answer's final event gets no second stop signal.
        if (!_assembler.HasTerminatedCommitted)
        {
            _out.Append(_assembler.BuildContentFilterHalt());
            _out.Release();
        }

        _done = true;
        Halted = true;
        OfferObserved();
        StreamLog.Halted(_context.Logger, _context.RequestId, _context.RouteId, _context.Api, reason,
            verdict?.Category ?? "none", verdict?.Score ?? 0, verdict?.Stage ?? "guard", _outputs.TotalChars, _windows, _releasedBytes);
        var tag = ReasonTag(reason);
        _metrics.RecordHalt(tag);
        RecordFeed(verdict, "halt");
        if (_span is not null)
        {
            _span.SetTag("guardrail.stream.end", "halt");
            _span.SetTag("guardrail.stream.halt_reason", tag);
            if (verdict is not null && _lastWindow is not null)
            {
                SecurityFinding.Add(_span, "output", verdict, _context.Policy.Name, _context.PolicyRevision, _lastWindow);
            }
        }

        // Stop the model now: with MaxResponseDrainSize = 0 disposing the body closes the upstream connection
        // instead of draining (and paying for) the rest of the generation.
        _upstream.Dispose();
    }

    /// <summary>Hands the judged windows to the observers once, when the stream ends or halts.</summary>
    private void OfferObserved()
    {
        if (_observed is not { Count: > 0 } || _strongest is null || _context.Tap is not { } tap)
        {
            return;
        }

        tap.Offer(new Pipeline.ScreenSample("output", true, _context.Policy, _observed.ToArray(), _requestContext, _strongest,
            _context.RequestId, _context.RouteId, _context.Api));
        _observed.Clear();
    }

    /// <summary>Undecided outranks everything (observers treat the stream as undecided), then block, flag, allow.</summary>
    private static ScreenVerdict Stronger(ScreenVerdict? current, ScreenVerdict next) =>
        current is null || next.Action > current.Action ? next : current;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_metrics.TokenUsageEnabled)
            {
                _metrics.RecordTokenUsage((_outputs.TotalChars + 3) / 4, input: false, GenAiNames.Operation(_context.Api), GenAiNames.Provider(_context.Api));
            }

            if (_span is not null)
            {
                _span.SetTag("guardrail.stream.windows", _windows);
                _span.SetTag("guardrail.stream.released_bytes", _releasedBytes);
                _span.Dispose();
            }

            _upstream.Dispose();
            _reader.Dispose();
            _out.Dispose();
            if (_readBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_readBuffer);
                _readBuffer = null;
            }
        }

        base.Dispose(disposing);
    }
}
