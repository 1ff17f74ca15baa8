using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Pipeline;
using Yarp.ReverseProxy.Transforms;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Charges a non-streamed answer against the client's egress caps: output tokens — the answer's <c>usage</c> or the
/// proxy's own count of its text, whichever is larger — and its bytes. Runs before the output screen and hands it an identical
/// buffered copy of the body. Streams are metered per delta through <see cref="IEgressMeter"/> instead.
/// </summary>
internal sealed class EgressResponseTransform(TokenCounter tokens)
{
    private const long DefaultMaxBytes = 8 * 1024 * 1024;

    public async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var upstream = context.ProxyResponse;
        if (http.Features.Get<ClientAccess>() is not { Egress: { } egress } || upstream is null || !upstream.IsSuccessStatusCode)
        {
            return;
        }

        var content = upstream.Content;
        var mediaType = content.Headers.ContentType?.MediaType;
        if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var exchange = http.Features.Get<GuardedExchange>();
        var cancel = http.RequestAborted;
        var cap = exchange?.Policy.MaxResponseBytes ?? DefaultMaxBytes;
        var upstreamStream = await content.ReadAsStreamAsync(cancel);
        var (bytes, complete) = await ReadBoundedAsync(upstreamStream, cap, content.Headers.ContentLength, cancel);

        // Beyond the cap the answer cannot be parsed for usage; its bytes up to the cap are still charged.
        // Vectors and counts have no output tokens: their bytes count, their (possibly large) JSON need not be parsed.
        var outputTokens = complete && exchange?.Adapter.GeneratesOutput != false ? OutputTokens(bytes, exchange?.Adapter) : 0;
        await egress.ChargeAsync(outputTokens, bytes.Length, cancel);

        // The rest of the pipeline (the output screen, YARP's copy) reads an identical copy: the same bytes, then
        // whatever was not read yet, so nothing is lost or truncated here.
        HttpContent replacement = complete ? new ByteArrayContent(bytes) : new ConcatenatedContent(bytes, upstreamStream);
        foreach (var header in content.Headers)
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        upstream.Content = replacement;
        if (complete)
        {
            content.Dispose();
        }
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadBoundedAsync(Stream source, long cap, long? declared, CancellationToken cancel)
    {
        using var buffer = new MemoryStream((int)Math.Clamp(declared ?? 16 * 1024, 0, Math.Min(cap, 1 << 20)));
        var chunk = new byte[16 * 1024];
        while (buffer.Length <= cap)
        {
            var read = await source.ReadAsync(chunk, cancel);
            if (read == 0)
            {
                return (buffer.ToArray(), true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    private long OutputTokens(byte[] json, IApiAdapter? adapter)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return 0;
            }

            long reported = 0;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                && (usage.TryGetProperty("completion_tokens", out var count) || usage.TryGetProperty("output_tokens", out count))
                && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var value) && value > 0)
            {
                reported = value;
            }

            // The upstream's usage is a claim, not a measurement: a missing, zero or low count (a misbehaving or
            // compromised server) must not let text out uncharged, so the proxy's own count of the text is the floor.
            // A higher report (hidden reasoning tokens) is charged as reported.
            long counted = 0;
            var texts = new List<ExtractedText>();
            if (adapter is not null && adapter.ExtractResponse(root, texts) is null)
            {
                foreach (var text in texts)
                {
                    counted += tokens.Count(text.Text);
                }
            }

            return Math.Max(reported, counted);
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>The bytes already read, then the rest of the upstream stream.</summary>
    private sealed class ConcatenatedContent : HttpContent
    {
        private readonly byte[] _head;
        private readonly Stream _tail;

        public ConcatenatedContent(byte[] head, Stream tail)
        {
            _head = head;
            _tail = tail;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_head);
            await _tail.CopyToAsync(stream);
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new ConcatenatedStream(_head, _tail));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _tail.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A forward-only read stream over the bytes already read and then the rest of the upstream body.</summary>
    private sealed class ConcatenatedStream(byte[] head, Stream tail) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < head.Length)
            {
                if (buffer.IsEmpty)
                {
                    return 0;
                }

                var count = Math.Min(buffer.Length, head.Length - _position);
                head.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            return await tail.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                tail.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
