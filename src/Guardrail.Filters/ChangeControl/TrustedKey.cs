using System.Security.Cryptography;
using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>A public key allowed to sign bundles; its id is derived from the key itself.</summary>
internal sealed record TrustedKey(string KeyId, byte[] PublicKey)
{
    /// <summary>True when <paramref name="signature"/> (base64) is this key's signature over <paramref name="data"/>.</summary>
    public bool Verifies(ReadOnlySpan<byte> data, string signature)
    {
        Span<byte> raw = stackalloc byte[128];
        if (!Convert.TryFromBase64String(signature, raw, out var written))
        {
            return false;
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(PublicKey, out _);
        }
        catch (CryptographicException)
        {
            return false;
        }

        return key.VerifyData(data, raw[..written], HashAlgorithmName.SHA256);
    }

    /// <summary>Parses one public key (a <c>.pub</c> file's content or an entry of the trusted-keys file).</summary>
    public static (TrustedKey? Key, string? Error) FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("public_key", out var pub) || pub.GetString() is not { } base64)
        {
            return (null, "a key needs public_key (base64 SubjectPublicKeyInfo)");
        }

        byte[] spki;
        try
        {
            spki = Convert.FromBase64String(base64);
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out _);
            if (key.KeySize != 256)
            {
                return (null, "only P-256 keys are accepted");
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return (null, "public_key is not a base64 P-256 SubjectPublicKeyInfo: " + ex.Message);
        }

        var id = KeyIds.Of(spki);
        if (element.TryGetProperty("key_id", out var declared) && declared.GetString() is { } stated && !string.Equals(stated, id, StringComparison.Ordinal))
        {
            return (null, $"key_id {stated} does not match the public key (its id is {id})");
        }

        return (new TrustedKey(id, spki), null);
    }

    public static byte[] ToFileBytes(string keyId, byte[] publicKey)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "guardrail-p256-public");
            writer.WriteString("key_id", keyId);
            writer.WriteString("public_key", Convert.ToBase64String(publicKey));
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
