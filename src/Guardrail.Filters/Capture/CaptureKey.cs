using System.Security.Cryptography;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Filters.Capture;

/// <summary>
/// The operator's capture key: an ECDH P-256 key pair (<c>guardrail capture keygen</c>). The proxy holds only the
/// public half and encrypts blocked text to it; only the holder of the private file can read a capture. A separate
/// key from any signing key: one key, one purpose.
/// </summary>
internal sealed class CaptureKey : IDisposable
{
    public const string PrivateType = "guardrail-capture-p256-private";
    public const string PublicType = "guardrail-capture-p256-public";

    private CaptureKey(ECDiffieHellman key, bool hasPrivate)
    {
        Key = key;
        HasPrivate = hasPrivate;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = "ecdh:" + Convert.ToHexStringLower(SHA256.HashData(PublicKey))[..32];
    }

    /// <summary><c>ecdh:</c> and 16 bytes (hex) of the SHA-256 of the public key: names the recipient in each record.</summary>
    public string KeyId { get; }

    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public byte[] PublicKey { get; }

    public bool HasPrivate { get; }

    internal ECDiffieHellman Key { get; }

    public static CaptureKey Create() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), hasPrivate: true);

    /// <summary>Reads a public (<c>.pub</c>) or private key file; a wrong or damaged file is an error value.</summary>
    public static (CaptureKey? Key, string? Error) Load(string path)
    {
        ECDiffieHellman? key = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            key = ECDiffieHellman.Create();
            bool hasPrivate;
            if (type == PrivateType && root.TryGetProperty("private_key", out var priv) && priv.GetString() is { } privateBase64)
            {
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateBase64), out _);
                hasPrivate = true;
            }
            else if (type == PublicType && root.TryGetProperty("public_key", out var pub) && pub.GetString() is { } publicBase64)
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicBase64), out _);
                hasPrivate = false;
            }
            else
            {
                key.Dispose();
                return (null, $"{path} is not a Guardrail capture key (make one with 'guardrail capture keygen')");
            }

            if (key.KeySize != 256)
            {
                key.Dispose();
                return (null, $"{path} is not a P-256 key");
            }

            return (new CaptureKey(key, hasPrivate), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or CryptographicException)
        {
            key?.Dispose();
            return (null, $"cannot read capture key {path}: {ex.Message}");
        }
    }

    /// <summary>Writes the private key (owner-only on Unix) and the public key beside it (<c>PATH.pub</c>).</summary>
    public void Save(string path)
    {
        KeyFiles.WritePrivate(path, PrivateType, KeyId, Key.ExportPkcs8PrivateKey());
        KeyFiles.WritePublic(path + ".pub", PublicType, KeyId, PublicKey);
    }

    public void Dispose() => Key.Dispose();
}
