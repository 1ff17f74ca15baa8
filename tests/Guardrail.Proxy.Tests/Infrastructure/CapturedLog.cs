using Microsoft.Extensions.Logging;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>One log entry as the proxy wrote it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
