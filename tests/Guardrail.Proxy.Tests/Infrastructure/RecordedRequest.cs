namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>What the test upstream received.</summary>
/// <param name="Query">The query string as received (with its leading <c>?</c>), or empty.</param>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string Query = "");
