using System.Diagnostics;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>What the test upstream saw while streaming one answer.</summary>
internal sealed class StreamProbe
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int EventsWritten { get; set; }

    public int EventsTotal { get; init; }

    /// <summary>True when the client side (the proxy) went away before the answer was complete.</summary>
    public bool Aborted { get; private set; }

    /// <summary>Stopwatch timestamp of the moment the upstream noticed the abort.</summary>
    public long AbortedAt { get; private set; }

    public Task Ended => _ended.Task;

    public void MarkAborted()
    {
        AbortedAt = Stopwatch.GetTimestamp();
        Aborted = true;
    }

    public void MarkEnded() => _ended.TrySetResult();
}
