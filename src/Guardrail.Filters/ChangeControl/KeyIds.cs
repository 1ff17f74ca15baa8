using System.Security.Cryptography;

namespace Guardrail.Filters.ChangeControl;

/// <summary>Key ids are derived from the public key, so a manifest cannot name a key that differs from the one that signed.</summary>
internal static class KeyIds
{
    /// <summary><c>p256:</c> and the first 16 bytes (hex) of the SHA-256 of the SubjectPublicKeyInfo.</summary>
    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        "p256:" + Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..32];
}
