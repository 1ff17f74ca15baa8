using System.Security.Cryptography;

namespace Guardrail.Filters.Telemetry;

/// <summary>Request ids the proxy stamps on every guarded response and every decision log.</summary>
internal static class RequestIds
{
    /// <summary>
    /// Guardrail's own header: upstreams send their own <c>x-request-id</c>, which the SDKs read, so we never overwrite it.
    /// </summary>
    public const string HeaderName = "x-guardrail-request-id";

    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(28, bytes.ToArray(), static (span, b) =>
        {
            "grd_".AsSpan().CopyTo(span);
            Convert.TryToHexStringLower(b, span[4..], out _);
        });
    }
}
