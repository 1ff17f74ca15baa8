namespace Guardrail.Proxy.Hosting;

/// <summary>
/// How starting the proxy went: the running app, or one line for the operator and the exit code it deserves
/// (<c>2</c> for configuration that cannot work, <c>1</c> for an environment problem such as a busy port).
/// </summary>
internal sealed record StartOutcome(ProxyApp? App, string? Error, int ExitCode)
{
    public static StartOutcome Started(ProxyApp app) => new(app, null, 0);

    public static StartOutcome Failed(string error, int exitCode) => new(null, error, exitCode);
}
