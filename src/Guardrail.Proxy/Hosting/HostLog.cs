namespace Guardrail.Proxy.Hosting;

/// <summary>The host's own log events.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "No upstream configured: forwarding to the built-in demo model at {Address}. Use --upstream URL for a real model server.")]
    public static partial void LogDemoModel(this ILogger logger, Uri address);
}
