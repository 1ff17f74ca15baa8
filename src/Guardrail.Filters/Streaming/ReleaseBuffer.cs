using System.Buffers;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Bytes on their way to the client, split into a released prefix (may be read) and a held suffix (appended but not
/// yet judged). A halt drops the held part; a passed classification releases it. One pooled array, compacted as read.
/// </summary>
internal sealed class ReleaseBuffer : IDisposable
{
    private byte[] _buffer = [];
    private int _read;
    private int _released;
    private int _written;

    public int HeldBytes => _written - _released;

    public bool HasReleased => _released > _read;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    /// <summary>Everything appended so far may go to the client.</summary>
    public void Release() => _released = _written;

    /// <summary>Forgets the held bytes (on a halt they must never reach the client).</summary>
    public void DropHeld() => _written = _released;

    public int CopyReleased(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _released - _read);
        _buffer.AsSpan(_read, count).CopyTo(destination);
        _read += count;
        if (_read == _written)
        {
            _read = _released = _written = 0;
        }

        return count;
    }

    private void EnsureCapacity(int extra)
    {
        if (_written + extra <= _buffer.Length)
        {
            return;
        }

        // Reclaim what was already read before growing, so a long stream does not creep.
        var live = _written - _read;
        var size = Math.Max(live + extra, 4096);
        var target = live + extra <= _buffer.Length ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(size, _buffer.Length * 2));
        _buffer.AsSpan(_read, live).CopyTo(target);
        if (!ReferenceEquals(target, _buffer))
        {
            Return();
            _buffer = target;
        }

        _released -= _read;
        _written = live;
        _read = 0;
    }

    private void Return()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    public void Dispose()
    {
        Return();
        _buffer = [];
        _read = _released = _written = 0;
    }
}
