using System.Buffers;
using System.Text;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Incremental server-sent-events framer (WHATWG event-stream rules) over raw bytes. The caller pushes chunks as they
/// arrive (<see cref="Append"/>) and pulls complete events (<see cref="TryRead"/>) until it returns false; at upstream
/// EOF it calls <see cref="Complete"/> and drains again. Each frame keeps its exact bytes, so concatenating every
/// <see cref="SseFrame.Raw"/> reproduces the input, whatever the chunking.
/// </summary>
/// <remarks>
/// System.Net.ServerSentEvents.SseParser is not used: it pulls from a Stream and yields parsed items without the raw
/// bytes, while the proxy pushes chunks it already read and must forward them byte-identical.
/// Memory: the reader holds only bytes not yet returned as frames (the partial event, plus the chunk last appended
/// if the caller has not drained it), in a pooled buffer that goes back to the pool whenever the reader is drained
/// empty, so an idle stream holds none. An event longer than the maximum stops the reader with
/// <see cref="SseReadError.EventTooLarge"/> instead of growing.
/// Lifetime: a frame's memory is valid until the next call to <see cref="Append"/>, <see cref="TryRead"/> or
/// <see cref="Complete"/>. Not thread-safe; one reader per stream.
/// </remarks>
internal sealed class SseFrameReader : IDisposable
{
    /// <summary>Default cap on one event's size in bytes (1 MiB).</summary>
    public const int DefaultMaxEventSize = 1024 * 1024;

    private const int MinBufferSize = 4096;
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';

    private readonly int _maxEventSize;
    private readonly SseEventNames _eventNames = new();

    private byte[]? _buffer;
    private int _frameStart;   // first byte of the next frame to return
    private int _contentStart; // where that frame's fields start (after a BOM at stream start)
    private int _lineStart;    // first byte of the line being scanned
    private int _scan;         // next byte to look at for a line terminator
    private int _end;          // end of the buffered bytes

    private byte[]? _joined;   // data of events with several data lines, joined with LF
    private bool _bomDecided;
    private bool _completed;
    private SseReadError _error;

    /// <param name="maxEventSize">Largest event, in bytes including its line terminators, the reader accepts.</param>
    public SseFrameReader(int maxEventSize = DefaultMaxEventSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventSize, 16);
        _maxEventSize = maxEventSize;
    }

    /// <summary>Why the reader stopped: <see cref="SseReadError.None"/> while healthy and after a clean end.</summary>
    public SseReadError Error => _error;

    /// <summary>True once <see cref="Complete"/> was called and every frame has been read, or the reader failed.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Bytes received but not yet returned as a frame: the partial event (the cut-off event after
    /// <see cref="SseReadError.IncompleteEvent"/>). Empty after <see cref="SseReadError.EventTooLarge"/>.</summary>
    public ReadOnlyMemory<byte> Pending => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(_frameStart, _end - _frameStart);

    /// <summary>
    /// Adds the next chunk of the stream (copied; the caller may reuse its buffer). Ignored once the reader has failed
    /// or was disposed, so a failed stream buffers nothing more.
    /// </summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_completed)
        {
            throw new InvalidOperationException("Append after Complete.");
        }

        if (_error != SseReadError.None || IsFinished || bytes.IsEmpty)
        {
            return;
        }

        EnsureRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>
    /// Marks upstream EOF. Frames still buffered can then be read; after the last one <see cref="TryRead"/> returns
    /// false and <see cref="Error"/> is <see cref="SseReadError.IncompleteEvent"/> if the stream stopped mid-event.
    /// </summary>
    public void Complete() => _completed = true;

    /// <summary>
    /// Returns the next complete event, or false when more bytes are needed, the stream is finished, or the reader
    /// failed (see <see cref="Error"/>).
    /// </summary>
    public bool TryRead(out SseFrame frame)
    {
        frame = default;
        if (_error != SseReadError.None || IsFinished)
        {
            return false;
        }

        if (_buffer is null || _frameStart == _end)
        {
            Release();
            IsFinished = _completed;
            return false;
        }

        if (!_bomDecided && !DecideBom())
        {
            return false;
        }

        if (TryFindFrameEnd(out var blankLineStart, out var frameEnd))
        {
            if (frameEnd - _frameStart > _maxEventSize)
            {
                Fail(SseReadError.EventTooLarge);
                return false;
            }

            frame = Parse(blankLineStart, frameEnd);
            _frameStart = _contentStart = _lineStart = _scan = frameEnd;
            return true;
        }

        if (_end - _frameStart > _maxEventSize)
        {
            Fail(SseReadError.EventTooLarge);
        }
        else if (_completed)
        {
            // The upstream closed mid-event: per the spec the partial event is discarded, and the caller decides
            // whether that is an error. Its bytes stay readable through Pending.
            _error = SseReadError.IncompleteEvent;
            IsFinished = true;
        }

        return false;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        Release();
        IsFinished = true;
    }

    // A UTF-8 BOM is stripped once at stream start; it stays in the first frame's raw bytes so forwarding is exact.
    private bool DecideBom()
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var available = Math.Min(_end - _frameStart, bom.Length);
        if (!_buffer.AsSpan(_frameStart, available).SequenceEqual(bom[..available]))
        {
            _bomDecided = true;
            return true;
        }

        if (available < bom.Length)
        {
            // A prefix of the BOM: wait for the rest, unless the stream has ended (then it is a cut-off event).
            _bomDecided = _completed;
            return _completed;
        }

        _contentStart = _lineStart = _scan = _frameStart + bom.Length;
        _bomDecided = true;
        return true;
    }

    // Finds the blank line that ends the next event. Lines end at CRLF, LF or CR. A CR that is the last byte so far
    // could be the first half of a CRLF, so the reader waits for the next byte (or EOF) before deciding: that keeps
    // the frames identical whatever the chunking, at the cost of holding a CR-terminated event until one more byte.
    private bool TryFindFrameEnd(out int blankLineStart, out int frameEnd)
    {
        var buffer = _buffer!;
        var i = _scan;
        while (i < _end)
        {
            var found = buffer.AsSpan(i, _end - i).IndexOfAny(CR, LF);
            if (found < 0)
            {
                i = _end;
                break;
            }

            i += found;
            int terminator;
            if (buffer[i] == LF)
            {
                terminator = 1;
            }
            else if (i + 1 < _end)
            {
                terminator = buffer[i + 1] == LF ? 2 : 1;
            }
            else if (_completed)
            {
                terminator = 1;
            }
            else
            {
                break;
            }

            if (i == _lineStart)
            {
                blankLineStart = i;
                frameEnd = i + terminator;
                return true;
            }

            i += terminator;
            _lineStart = i;
        }

        _scan = i;
        blankLineStart = frameEnd = 0;
        return false;
    }

    private SseFrame Parse(int blankLineStart, int frameEnd)
    {
        var buffer = _buffer!;
        string? eventType = null;
        string? id = null;
        var dataStart = 0;
        var dataLength = 0;
        var dataLines = 0;
        var joinedLength = 0;
        var comments = false;
        var fields = false;
        var sideLines = false;

        var position = _contentStart;
        while (position < blankLineStart)
        {
            // Every line before the blank line is terminated, so a terminator is always found.
            var lineEnd = position + buffer.AsSpan(position, blankLineStart - position).IndexOfAny(CR, LF);
            var line = buffer.AsSpan(position, lineEnd - position);
            var lineStart = position;
            position = lineEnd + (buffer[lineEnd] == CR && buffer[lineEnd + 1] == LF ? 2 : 1);

            if (line[0] == (byte)':')
            {
                comments = true;

                // A comment the client can read (most are empty or a fixed keep-alive word) is text to judge; even a
                // lone space, which may be what separates two words split across events.
                sideLines |= line.Length > 2 || (line.Length == 2 && line[1] != (byte)' ');
                continue;
            }

            fields = true;
            var colon = line.IndexOf((byte)':');
            ReadOnlySpan<byte> name;
            int valueStart;
            if (colon < 0)
            {
                name = line;
                valueStart = lineEnd;
            }
            else
            {
                name = line[..colon];
                valueStart = lineStart + colon + 1;
                if (valueStart < lineEnd && buffer[valueStart] == (byte)' ')
                {
                    valueStart++;
                }
            }

            var value = buffer.AsSpan(valueStart, lineEnd - valueStart);
            if (name.SequenceEqual("data"u8))
            {
                dataLines++;
                if (dataLines == 1)
                {
                    dataStart = valueStart;
                    dataLength = value.Length;
                    continue;
                }

                if (dataLines == 2)
                {
                    if (_joined is null || _joined.Length < frameEnd - _frameStart)
                    {
                        if (_joined is not null)
                        {
                            ArrayPool<byte>.Shared.Return(_joined);
                        }

                        _joined = ArrayPool<byte>.Shared.Rent(frameEnd - _frameStart);
                    }

                    buffer.AsSpan(dataStart, dataLength).CopyTo(_joined);
                    joinedLength = dataLength;
                }

                _joined![joinedLength++] = LF;
                value.CopyTo(_joined.AsSpan(joinedLength));
                joinedLength += value.Length;
            }
            else if (name.SequenceEqual("event"u8))
            {
                eventType = value.IsEmpty ? null : _eventNames.Get(value);
            }
            else if (name.SequenceEqual("id"u8))
            {
                sideLines |= !value.IsEmpty;
                if (!value.Contains((byte)0))
                {
                    id = Encoding.UTF8.GetString(value);
                }
            }
            else if (!name.SequenceEqual("retry"u8))
            {
                // Browsers ignore unknown fields, but a client reading the raw stream does not.
                sideLines = true;
            }

            // "retry" and unknown fields are ignored, as the spec says; their bytes still travel in Raw.
        }

        var data = dataLines switch
        {
            0 => ReadOnlyMemory<byte>.Empty,
            1 => buffer.AsMemory(dataStart, dataLength),
            _ => _joined.AsMemory(0, joinedLength),
        };

        return new SseFrame(
            buffer.AsMemory(_frameStart, frameEnd - _frameStart),
            eventType,
            data,
            dataLines > 0,
            id,
            comments && !fields,
            sideLines);
    }

    private void EnsureRoom(int count)
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(MinBufferSize, count));
            _frameStart = _contentStart = _lineStart = _scan = _end = 0;
            return;
        }

        if (_end + count <= _buffer.Length)
        {
            return;
        }

        var unread = _end - _frameStart;
        var target = _buffer;
        if (unread + count > _buffer.Length)
        {
            target = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)unread + count)));
        }

        _buffer.AsSpan(_frameStart, unread).CopyTo(target);
        if (!ReferenceEquals(target, _buffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }

        var shift = _frameStart;
        _frameStart = 0;
        _contentStart -= shift;
        _lineStart -= shift;
        _scan -= shift;
        _end -= shift;
    }

    private void Fail(SseReadError error)
    {
        _error = error;
        IsFinished = true;
        Release();
    }

    private void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        if (_joined is not null)
        {
            ArrayPool<byte>.Shared.Return(_joined);
            _joined = null;
        }

        _frameStart = _contentStart = _lineStart = _scan = _end = 0;
    }
}
