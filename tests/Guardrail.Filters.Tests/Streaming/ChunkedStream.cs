namespace Guardrail.Filters.Tests.Streaming;

/// <summary>An upstream body that returns its bytes in fixed chunks (as a network would), and records disposal.</summary>
internal sealed class ChunkedStream(byte[] data, IReadOnlyList<int> chunkSizes, bool throwAtEnd = false) : Stream
{
    private int _position;
    private int _chunk;

    public bool Disposed { get; private set; }

    public int BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        if (_position == data.Length)
        {
            return throwAtEnd ? ValueTask.FromException<int>(new IOException("upstream reset")) : ValueTask.FromResult(0);
        }

        var size = chunkSizes.Count == 0 ? data.Length : chunkSizes[_chunk++ % chunkSizes.Count];
        var n = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return ValueTask.FromResult(n);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
