namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Limits how many model runs execute at once in the process, so the encoder never oversubscribes the cores (each
/// run already uses its session's intra-op threads). Each caller passes its policy's limit: a run starts only while
/// fewer than that many runs are active. Waiters are served first come, first served, and leave the queue when their
/// deadline cancels them.
/// </summary>
internal sealed class InferenceGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private int _active;
    private int _peak;

    /// <summary>The gate shared by every model of the process.</summary>
    public static InferenceGate Shared { get; } = new();

    /// <summary>Runs executing now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The most runs that were ever active at once (exact, unlike sampling <see cref="Active"/>).</summary>
    public int PeakActive => Volatile.Read(ref _peak);

    /// <summary>Callers waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Waits for a slot under <paramref name="limit"/>; dispose the result to free it.</summary>
    /// <exception cref="OperationCanceledException">The caller's deadline passed while waiting.</exception>
    public ValueTask<Slot> EnterAsync(int limit, CancellationToken cancellationToken)
    {
        limit = Math.Max(1, limit);
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _active < limit)
            {
                TakeSlot();
                return ValueTask.FromResult(new Slot(this));
            }

            cancellationToken.ThrowIfCancellationRequested();
            node = _waiters.AddLast(new Waiter(limit));
        }

        return WaitAsync(node, cancellationToken);
    }

    private async ValueTask<Slot> WaitAsync(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        var waiter = node.Value;
        await using (cancellationToken.Register(() => Cancel(node)))
        {
            await waiter.Granted.Task;
        }

        return new Slot(this);
    }

    private void Cancel(LinkedListNode<Waiter> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // Already granted: the slot is the caller's, released by its Slot.
            }

            _waiters.Remove(node);
        }

        node.Value.Granted.TrySetCanceled();
        Pump();
    }

    // Under _lock.
    private void TakeSlot()
    {
        _active++;
        _peak = Math.Max(_peak, _active);
    }

    private void Release()
    {
        lock (_lock)
        {
            _active--;
        }

        Pump();
    }

    private void Pump()
    {
        while (true)
        {
            Waiter granted;
            lock (_lock)
            {
                if (_waiters.First is not { } first || _active >= first.Value.Limit)
                {
                    return;
                }

                _waiters.RemoveFirst();
                TakeSlot();
                granted = first.Value;
            }

            if (!granted.Granted.TrySetResult())
            {
                // Cancelled between removal and grant: give the slot back.
                lock (_lock)
                {
                    _active--;
                }
            }
        }
    }

    /// <summary>A held slot; disposing frees it.</summary>
    internal readonly struct Slot(InferenceGate gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    private sealed class Waiter(int limit)
    {
        public int Limit { get; } = limit;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
