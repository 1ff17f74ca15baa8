using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.Caching.Memory;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Model verdicts by a hash of the normalised text they were computed from: whole texts (each message, each joined
/// conversation) and single chunks of long texts, so a conversation pays only for its new messages and a repeated
/// prompt costs a lookup. Bounded by entry count; hits and misses are metered.
/// </summary>
/// <remarks>
/// Keys are SHA-256 (truncated to 128 bits) over the tier's fingerprint, the entry kind and the text: an attacker
/// cannot craft a harmful text whose key collides with a cached benign verdict, and a changed model or head never
/// reads verdicts cached under the old one.
/// </remarks>
internal sealed class VerdictCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly GuardrailMetrics? _metrics;
    private long _hits;
    private long _misses;

    public VerdictCache(int maxEntries, GuardrailMetrics? metrics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries, CompactionPercentage = 0.1 });
        _metrics = metrics;
        metrics?.ObserveCacheHitRatio(() => HitRatio);
    }

    /// <summary>Entry kind: a whole text or one chunk of a long text.</summary>
    internal enum Kind : byte
    {
        Text = 1,
        Chunk = 2,
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Hits over lookups since start (0 before the first lookup).</summary>
    public double HitRatio
    {
        get
        {
            var hits = Hits;
            var total = hits + Misses;
            return total == 0 ? 0 : (double)hits / total;
        }
    }

    /// <summary>Entries held now.</summary>
    public long Count => _cache.Count;

    public static UInt128 KeyOf(ReadOnlySpan<byte> fingerprint, Kind kind, ReadOnlySpan<char> text)
    {
        var textBytes = MemoryMarshal.AsBytes(text);
        var length = fingerprint.Length + 1 + textBytes.Length;
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            fingerprint.CopyTo(buffer);
            buffer[fingerprint.Length] = (byte)kind;
            textBytes.CopyTo(buffer[(fingerprint.Length + 1)..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer, hash);
            return MemoryMarshal.Read<UInt128>(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public bool TryGet(UInt128 key, Kind kind, out CategoryScores scores)
    {
        var hit = _cache.TryGetValue(key, out CategoryScores? found) && found is not null;
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        _metrics?.RecordCacheLookup(kind == Kind.Text ? "text" : "chunk", hit);
        scores = found ?? CategoryScores.Empty;
        return hit;
    }

    /// <summary>Stores <paramref name="scores"/>; the caller must not change them afterwards.</summary>
    public void Set(UInt128 key, CategoryScores scores) =>
        _cache.Set(key, scores, new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose() => _cache.Dispose();
}
