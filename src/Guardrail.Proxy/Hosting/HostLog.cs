namespace Guardrail.Proxy.Hosting;

/// <summary>The host's own log events.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Demo model (--demo) serving at {Address}; strikes are off for loopback clients while it runs. Use --upstream URL for a real model server.")]
    public static partial void LogDemoModel(this ILogger logger, Uri address);
}
