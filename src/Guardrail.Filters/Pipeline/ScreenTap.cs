namespace Guardrail.Filters.Pipeline;

/// <summary>
/// Where the live pipeline hands each screened text to its observers after deciding. With no observer attached (the
/// default) <see cref="IsActive"/> is false and callers build no sample at all; an observer is attached only when an
/// operator turns the shadow policy or the capture of blocked text on.
/// </summary>
/// <remarks>
/// Observers run after the decision and only enqueue: nothing an observer does changes what the client gets, and a
/// throwing observer is contained here.
/// </remarks>
internal sealed class ScreenTap
{
    private readonly Lock _lock = new();
    private IScreenObserver[] _observers = [];

    /// <summary>Whether any observer is attached (one volatile read per screened request).</summary>
    public bool IsActive => Volatile.Read(ref _observers).Length > 0;

    public void Attach(IScreenObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_lock)
        {
            _observers = [.. _observers, observer];
        }
    }

    public void Detach(IScreenObserver observer)
    {
        lock (_lock)
        {
            _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
        }
    }

    public void Offer(ScreenSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.Observe(sample);
            }
#pragma warning disable CA1031 // an observer's bug must never reach the live request
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
