namespace Guardrail.Filters.Telemetry;

/// <summary>Request ids the proxy stamps on every guarded response and every decision log.</summary>
internal static class RequestIds
{
    /// <summary>
    /// Guardrail's own header: upstreams send their own <c>x-request-id</c>, which the SDKs read, so we never overwrite it.
    /// </summary>
    public const string HeaderName = "x-guardrail-request-id";

    /// <summary>
    /// <c>grd_</c> and 24 hex digits (96 random bits). The ids correlate a response with its log lines and audit
    /// records; they grant nothing, so they come from <see cref="Random.Shared"/> (per thread, no lock, no system
    /// call) rather than the operating system's cryptographic generator, which cost a few microseconds per request.
    /// </summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[12];
        Random.Shared.NextBytes(bytes);
        Span<char> id = stackalloc char[28];
        "grd_".AsSpan().CopyTo(id);
        Convert.TryToHexStringLower(bytes, id[4..], out _);
        return new string(id);
    }
}
