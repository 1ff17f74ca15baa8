namespace Guardrail.Filters.Pipeline;

/// <summary>
/// Sees every screened text after the live decision (the shadow policy, the encrypted capture of blocked text).
/// <see cref="Observe"/> runs on the request's path: it must only hand the sample on (a bounded queue), never screen,
/// write or wait, and never throw.
/// </summary>
internal interface IScreenObserver
{
    void Observe(ScreenSample sample);
}
