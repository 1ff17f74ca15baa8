namespace Guardrail.Filters.Pipeline;

/// <summary>
/// An answer body whose head was already read (to be charged against egress caps) and whose rest is still upstream:
/// the head's bytes, then the rest of the upstream stream, so nothing is lost or truncated. Owns both.
/// </summary>
internal sealed class HeadThenRestContent(CappedBody head, Stream rest) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(head.Memory);
        await rest.CopyToAsync(stream);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new HeadThenRestStream(head.Memory, rest));

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
