namespace Guardrail.Filters.Limits;

/// <summary>
/// The egress meter of one exchange. Streams book output budget from the store in chunks (<see cref="CounterMode.Take"/>
/// over every output counter of every scope, so two instances never hand out the same budget) and spend it locally;
/// what is left is refunded when the request ends. Non-streamed answers are charged once, whole
/// (<see cref="ChargeAsync"/>).
/// </summary>
internal sealed class EgressSession(
    ILimitStore store, string partition, IReadOnlyList<LimitScope> scopes, TokenCounter tokens, Telemetry.GuardrailMetrics? metrics = null)
    : IEgressMeter, IAsyncDisposable
{
    /// <summary>Tokens booked per store call: few calls per stream, little budget parked with one stream.</summary>
    internal const long TokenChunk = 64;

    internal const long ByteChunk = 16 * 1024;

    private readonly List<(long AtMs, long Amount)> _tokenBookings = [];
    private readonly List<(long AtMs, long Amount)> _byteBookings = [];
    private long _tokensLeft;
    private long _bytesLeft;
    private bool _stopped;
    private int _disposed;

    public bool LimitsTokens => scopes.Any(s => s.Limits.OutputTokensPerMinute is not null || s.Limits.OutputTokensPerDay is not null);

    public bool LimitsBytes => scopes.Any(s => s.Limits.OutputBytesPerMinute is not null);

    public int CountTokens(ReadOnlySpan<char> text) => tokens.Count(text);

    public async ValueTask<EgressDecision> OnOutputAsync(int tokens, int bytes, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return EgressDecision.Stop;
        }

        if (tokens > 0 && LimitsTokens && !await BookAsync(TokenOps, tokens, TokenChunk, _tokenBookings, isTokens: true, cancellationToken))
        {
            _stopped = true;
            return EgressDecision.Stop;
        }

        if (bytes > 0 && LimitsBytes && !await BookAsync(ByteOps, bytes, ByteChunk, _byteBookings, isTokens: false, cancellationToken))
        {
            _stopped = true;
            return EgressDecision.Stop;
        }

        metrics?.RecordEgress(tokens, bytes);
        var delay = TimeSpan.Zero;
        if (bytes > 0)
        {
            foreach (var scope in scopes)
            {
                if (scope.Limits.OutputBytesPerSecond is { } rate)
                {
                    var wait = await store.PaceAsync(partition, scope.Name("bw"), rate, bytes, cancellationToken);
                    delay = wait > delay ? wait : delay;
                }
            }
        }

        return delay == TimeSpan.Zero ? EgressDecision.Continue : new EgressDecision(EgressAction.Continue, delay);
    }

    /// <summary>Charges a complete answer (whatever the caps: it was already generated; an overdraw blocks later requests).</summary>
    public async ValueTask ChargeAsync(long outputTokens, long outputBytes, CancellationToken cancellationToken)
    {
        metrics?.RecordEgress(outputTokens, outputBytes);
        var ops = new List<CounterOp>();
        foreach (var scope in scopes)
        {
            var l = scope.Limits;
            if (outputTokens > 0 && l.OutputTokensPerMinute is { } otm)
            {
                ops.Add(CounterOp.PerMinute(scope.Name("otm"), otm, outputTokens, CounterMode.Force));
            }

            if (outputTokens > 0 && l.OutputTokensPerDay is { } otd)
            {
                ops.Add(CounterOp.PerDay(scope.Name("otd"), otd, outputTokens, CounterMode.Force));
            }

            if (outputBytes > 0 && l.OutputBytesPerMinute is { } obm)
            {
                ops.Add(CounterOp.PerMinute(scope.Name("obm"), obm, outputBytes, CounterMode.Force));
            }
        }

        if (ops.Count > 0)
        {
            await store.ExecuteAsync(new LimitOperation(partition, false, ops, LimitOperation.NoConcurrency), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Give back what was booked and not sent, newest booking first, to the segments it was taken from.
        await RefundAsync(_tokenBookings, _tokensLeft, TokenOps);
        await RefundAsync(_byteBookings, _bytesLeft, ByteOps);
    }

    private async ValueTask<bool> BookAsync(
        Func<long, CounterMode, long, List<CounterOp>> ops, long amount, long chunk, List<(long, long)> bookings, bool isTokens, CancellationToken cancellationToken)
    {
        var left = isTokens ? _tokensLeft : _bytesLeft;
        var ok = true;
        if (left < amount)
        {
            var ask = Math.Max(amount - left, chunk);
            var outcome = await store.ExecuteAsync(new LimitOperation(partition, false, ops(ask, CounterMode.Take, 0), LimitOperation.NoConcurrency), cancellationToken);
            if (outcome.Status == LimitStatus.Ok && outcome.Granted > 0)
            {
                bookings.Add((outcome.NowMs, outcome.Granted));
                left += outcome.Granted;
            }

            // A store that refused to answer while the policy fails closed means no unmetered output.
            ok = outcome.Status == LimitStatus.Ok && left >= amount;
        }

        if (ok)
        {
            left -= amount;
        }

        if (isTokens)
        {
            _tokensLeft = left;
        }
        else
        {
            _bytesLeft = left;
        }

        return ok;
    }

    private async ValueTask RefundAsync(List<(long AtMs, long Amount)> bookings, long unused, Func<long, CounterMode, long, List<CounterOp>> ops)
    {
        for (var i = bookings.Count - 1; i >= 0 && unused > 0; i--)
        {
            var back = Math.Min(unused, bookings[i].Amount);
            unused -= back;
            await store.ExecuteAsync(new LimitOperation(partition, false, ops(back, CounterMode.Refund, bookings[i].AtMs), LimitOperation.NoConcurrency), CancellationToken.None);
        }
    }

    private List<CounterOp> TokenOps(long amount, CounterMode mode, long atMs)
    {
        var ops = new List<CounterOp>(scopes.Count * 2);
        foreach (var scope in scopes)
        {
            if (scope.Limits.OutputTokensPerMinute is { } otm)
            {
                ops.Add(CounterOp.PerMinute(scope.Name("otm"), otm, amount, mode) with { AtMs = atMs });
            }

            if (scope.Limits.OutputTokensPerDay is { } otd)
            {
                ops.Add(CounterOp.PerDay(scope.Name("otd"), otd, amount, mode) with { AtMs = atMs });
            }
        }

        return ops;
    }

    private List<CounterOp> ByteOps(long amount, CounterMode mode, long atMs)
    {
        var ops = new List<CounterOp>(scopes.Count);
        foreach (var scope in scopes)
        {
            if (scope.Limits.OutputBytesPerMinute is { } obm)
            {
                ops.Add(CounterOp.PerMinute(scope.Name("obm"), obm, amount, mode) with { AtMs = atMs });
            }
        }

        return ops;
    }
}
