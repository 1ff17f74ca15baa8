using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Filters.Identity;

/// <summary>
/// The SHA-256 of an API key: the only form in which keys are stored (<c>sha256:</c> + 64 hex digits in the tenants
/// file). API keys are long random secrets, so an unsalted fast hash is enough to keep them out of config and logs;
/// a plain value type so the per-request lookup allocates nothing.
/// </summary>
internal readonly record struct ApiKeyHash(ulong A, ulong B, ulong C, ulong D)
{
    public const string Prefix = "sha256:";

    /// <summary>Keys longer than this are refused before hashing (no real key is; it bounds the work).</summary>
    public const int MaxKeyLength = 512;

    public static ApiKeyHash Compute(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(key[..Math.Min(key.Length, MaxKeyLength)], utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..length], digest);
        return FromDigest(digest);
    }

    /// <summary>Parses <c>sha256:</c> followed by 64 hex digits (either case).</summary>
    public static bool TryParse(string? text, out ApiKeyHash hash)
    {
        hash = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        var hex = text.AsSpan(Prefix.Length);
        for (var i = 0; i < 32; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest[i]))
            {
                return false;
            }
        }

        hash = FromDigest(digest);
        return true;
    }

    /// <summary>The form the tenants file takes: <c>sha256:</c> and lower-case hex.</summary>
    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(digest, A);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(digest[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(digest[24..], D);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    private static ApiKeyHash FromDigest(ReadOnlySpan<byte> digest) => new(
        BinaryPrimitives.ReadUInt64BigEndian(digest),
        BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));
}
