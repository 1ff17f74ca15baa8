using System.Security.Cryptography;
using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// An ECDSA P-256 private key as <c>guardrail policy keygen</c> writes it: JSON with the key id and the PKCS#8 key.
/// Held by a signer (or by the proxy for its audit checkpoints), never by the trusted-keys file.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = KeyIds.Of(PublicKey);
    }

    public string KeyId { get; }

    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public byte[] PublicKey { get; }

    public static SigningKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a private key file; a wrong or damaged file is an error value.</summary>
    public static (SigningKey? Key, string? Error) Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("private_key", out var element) || element.GetString() is not { } base64)
            {
                return (null, $"{path} is not a Guardrail private key (no private_key)");
            }

            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(base64), out _);
            if (key.KeySize != 256)
            {
                key.Dispose();
                return (null, $"{path} is not a P-256 key");
            }

            return (new SigningKey(key), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or CryptographicException)
        {
            return (null, $"cannot read private key {path}: {ex.Message}");
        }
    }

    /// <summary>Writes the private key (owner-only permissions on Unix) and the public key beside it (<c>PATH.pub</c>).</summary>
    public void Save(string path)
    {
        KeyFiles.WritePrivate(path, "guardrail-p256-private", KeyId, _key.ExportPkcs8PrivateKey());
        File.WriteAllBytes(path + ".pub", TrustedKey.ToFileBytes(KeyId, PublicKey));
    }

    /// <summary>Base64 IEEE P1363 signature of SHA-256(data).</summary>
    public string Sign(ReadOnlySpan<byte> data) => Convert.ToBase64String(_key.SignData(data, HashAlgorithmName.SHA256));

    public void Dispose() => _key.Dispose();
}
