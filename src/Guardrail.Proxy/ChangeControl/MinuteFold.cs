namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// Folds a recurring audit event to at most one record a minute: the first of a window passes with the count of
/// those folded since the last record (its <c>suppressed_before</c>), the rest are only counted, so a client that
/// floods (refused keys, guessed admin tokens) cannot fill the trail. Shared by the admin listener's and the proxy's
/// access events.
/// </summary>
internal sealed class MinuteFold(TimeProvider? time = null)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>True for the first event of a window (with how many were folded before it); false when folded.</summary>
    public bool TryPass(out long suppressedBefore)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now - _windowStart < Window)
            {
                _suppressed++;
                suppressedBefore = 0;
                return false;
            }

            _windowStart = now;
            suppressedBefore = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
