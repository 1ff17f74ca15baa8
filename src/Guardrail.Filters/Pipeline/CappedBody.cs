using System.Buffers;

namespace Guardrail.Filters.Pipeline;

/// <summary>
/// A body read whole into a pooled buffer, bounded by a cap. Dispose returns the buffer, so the owner keeps it alive
/// until the forwarded request has been sent.
/// </summary>
internal sealed class CappedBody : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private byte[]? _buffer;

    private CappedBody(byte[]? buffer, int length, BodyReadStatus status)
    {
        _buffer = buffer;
        Length = length;
        Status = status;
    }

    public BodyReadStatus Status { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    /// <summary>A read-only stream over the bytes, for handing the body on unchanged.</summary>
    public MemoryStream AsStream() => _buffer is null ? new MemoryStream([], writable: false) : new MemoryStream(_buffer, 0, Length, writable: false);

    /// <summary>
    /// Reads <paramref name="source"/> to its end, or stops once more than <paramref name="cap"/> bytes arrived. With
    /// <paramref name="keepOverflow"/> a body past the cap keeps the bytes read so far (status
    /// <see cref="BodyReadStatus.TooLarge"/>, <see cref="Length"/> just over the cap), for a caller that charges them
    /// and hands them on followed by the rest of <paramref name="source"/>; otherwise it holds nothing.
    /// </summary>
    public static async Task<CappedBody> ReadAsync(Stream source, long cap, long? declaredLength, CancellationToken cancellationToken, bool keepOverflow = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (declaredLength > cap && !keepOverflow)
        {
            return new CappedBody(null, 0, BodyReadStatus.TooLarge);
        }

        var limit = (int)Math.Min(cap, Array.MaxLength - 1);
        var size = (int)Math.Clamp(Math.Min(declaredLength ?? InitialSize, limit + 1L), 1, limit + 1L);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return Overflow(buffer, length, keepOverflow);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return Overflow(buffer, length, keepOverflow);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            var tooLarge = ex is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 };
            return new CappedBody(null, 0, tooLarge ? BodyReadStatus.TooLarge : BodyReadStatus.Aborted);
        }

        return new CappedBody(buffer, length, BodyReadStatus.Ok);
    }

    private static CappedBody Overflow(byte[] buffer, int length, bool keep)
    {
        if (keep)
        {
            return new CappedBody(buffer, length, BodyReadStatus.TooLarge);
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return new CappedBody(null, 0, BodyReadStatus.TooLarge);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
