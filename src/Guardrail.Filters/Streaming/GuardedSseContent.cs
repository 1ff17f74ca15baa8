using System.Net;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Replaces an upstream SSE body inside YARP (<c>ProxyResponse.Content</c>): same headers, but its stream is a
/// <see cref="GuardedSseStream"/>. Setting the response content in a response transform is the supported way to
/// inspect and halt a proxied stream (replacing <c>HttpContext.Response.Body</c> would reset the client instead).
/// </summary>
internal sealed class GuardedSseContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<Stream, Stream> _wrap;

    public GuardedSseContent(HttpContent inner, Func<Stream, Stream> wrap)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(wrap);
        _inner = inner;
        _wrap = wrap;
        foreach (var header in inner.Headers)
        {
            // The guarded body's length is not the upstream's once a halt replaces its tail.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        => _wrap(await _inner.ReadAsStreamAsync(cancellationToken));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken);
        await source.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
