namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>What the test upstream received.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
