using Guardrail.Filters.Pipeline;

namespace Guardrail.Filters.Tests.Pipeline;

public sealed class CappedBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(100_000)]
    public async Task BodyWithinCap_ReadWhole(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();

        using var body = await CappedBody.ReadAsync(new TrickleStream(bytes, 777), cap: 100_000, declaredLength: null, CancellationToken.None);

        Assert.Equal(BodyReadStatus.Ok, body.Status);
        Assert.Equal(bytes, body.Memory.ToArray());
        using var stream = body.AsStream();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5000L)]
    public async Task KeepOverflow_TooLargeKeepsTheHead_AndHeadThenRestIsTheWholeBody(long? declared)
    {
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var source = new TrickleStream(bytes, 333);

        var body = await CappedBody.ReadAsync(source, cap: 1000, declaredLength: declared, CancellationToken.None, keepOverflow: true);

        Assert.Equal(BodyReadStatus.TooLarge, body.Status);
        Assert.True(body.Length > 1000 && body.Length < bytes.Length, $"{body.Length} bytes kept");
        Assert.Equal(bytes.AsSpan(0, body.Length).ToArray(), body.Memory.ToArray());
        using var whole = new HeadThenRestContent(body, source);
        Assert.Equal(bytes, await whole.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task BodyOneByteOverCap_TooLarge()
    {
        var bytes = new byte[1001];

        using var body = await CappedBody.ReadAsync(new TrickleStream(bytes, 64), cap: 1000, declaredLength: null, CancellationToken.None);

        Assert.Equal(BodyReadStatus.TooLarge, body.Status);
        Assert.Equal(0, body.Length);
    }

    [Fact]
    public async Task DeclaredLengthOverCap_TooLargeWithoutReading()
    {
        var stream = new TrickleStream(new byte[10], 10);

        using var body = await CappedBody.ReadAsync(stream, cap: 5, declaredLength: 10, CancellationToken.None);

        Assert.Equal(BodyReadStatus.TooLarge, body.Status);
        Assert.Equal(0, stream.Reads);
    }

    [Fact]
    public async Task StreamThatBreaks_Aborted()
    {
        using var body = await CappedBody.ReadAsync(new BrokenStream(), cap: 1000, declaredLength: null, CancellationToken.None);

        Assert.Equal(BodyReadStatus.Aborted, body.Status);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a network body.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public int Reads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        }
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromException<int>(new IOException("connection reset"));
    }
}
