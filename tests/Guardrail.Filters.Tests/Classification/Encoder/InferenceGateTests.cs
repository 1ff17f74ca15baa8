using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Filters.Tests.Classification.Encoder;

public sealed class InferenceGateTests
{
    [Fact]
    public async Task UnderLimit_EntersAtOnce()
    {
        var gate = new InferenceGate();

        using var a = await gate.EnterAsync(2, CancellationToken.None);
        using var b = await gate.EnterAsync(2, CancellationToken.None);

        Assert.Equal(2, gate.Active);
    }

    [Fact]
    public async Task PeakActive_KeepsTheHighestCountAfterReleases()
    {
        var gate = new InferenceGate();
        var a = await gate.EnterAsync(3, CancellationToken.None);
        var b = await gate.EnterAsync(3, CancellationToken.None);
        a.Dispose();
        b.Dispose();

        using var c = await gate.EnterAsync(3, CancellationToken.None);

        Assert.Equal(1, gate.Active);
        Assert.Equal(2, gate.PeakActive);
    }

    [Fact]
    public async Task AtLimit_WaitsUntilASlotIsFreed()
    {
        var gate = new InferenceGate();
        var first = await gate.EnterAsync(1, CancellationToken.None);

        var second = gate.EnterAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, gate.Waiting);

        first.Dispose();
        using var slot = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, gate.Active);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task DeadlinePassesWhileWaiting_ThrowsAndLeavesTheQueue()
    {
        var gate = new InferenceGate();
        using var held = await gate.EnterAsync(1, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(1, deadline.Token).AsTask());

        Assert.Equal(0, gate.Waiting);
        Assert.Equal(1, gate.Active);
    }

    [Fact]
    public async Task ManyCallers_NeverMoreThanTheLimitAtOnce()
    {
        var gate = new InferenceGate();
        var active = 0;
        var peak = 0;
        var tasks = Enumerable.Range(0, 40).Select(async _ =>
        {
            using var slot = await gate.EnterAsync(3, CancellationToken.None);
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref peak, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref active);
        });

        await Task.WhenAll(tasks);

        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, gate.Active);
    }

    [Fact]
    public async Task CallersWithDifferentLimits_EachRespectsItsOwn()
    {
        var gate = new InferenceGate();
        using var a = await gate.EnterAsync(4, CancellationToken.None);
        using var b = await gate.EnterAsync(4, CancellationToken.None);

        // A policy allowing one run at a time waits while two run; one allowing four goes ahead.
        var strict = gate.EnterAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(30);
        Assert.False(strict.IsCompleted);

        a.Dispose();
        b.Dispose();
        using var s = await strict.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, gate.Active);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
