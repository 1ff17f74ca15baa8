using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Filters.Capture;

/// <summary>
/// ECIES over the BCL: a fresh ECDH P-256 key per record agrees a secret with the operator's public key, HKDF-SHA256
/// turns it into an AES-256-GCM key, and the record's clear fields are the associated data. The ephemeral private key
/// is never stored, so once a record's file is deleted nothing can recover its text — not even with the operator's key.
/// </summary>
internal static class CaptureCipher
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Info = Encoding.UTF8.GetBytes("guardrail-capture-v1 aes-256-gcm");

    /// <summary>Encrypts <paramref name="plaintext"/> to <paramref name="recipient"/>; <paramref name="header"/> supplies the clear fields.</summary>
    public static CaptureRecord Seal(CaptureKey recipient, CaptureRecord header, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(header);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralPublic = ephemeral.ExportSubjectPublicKeyInfo();
        var record = header with { Recipient = recipient.KeyId, EphemeralKey = Convert.ToBase64String(ephemeralPublic) };
        var key = DeriveKey(ephemeral, recipient.Key.PublicKey, ephemeralPublic, recipient.PublicKey);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, record.AssociatedData());
        }

        CryptographicOperations.ZeroMemory(key);
        return record with { Nonce = Convert.ToBase64String(nonce), Ciphertext = Convert.ToBase64String(ciphertext), Tag = Convert.ToBase64String(tag) };
    }

    /// <summary>Decrypts a record with the operator's private key; a wrong key or an edited record is an error value.</summary>
    public static (byte[]? Plaintext, string? Error) Open(CaptureKey privateKey, CaptureRecord record)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(record);
        if (!privateKey.HasPrivate)
        {
            return (null, "a private capture key is needed to decrypt");
        }

        if (!string.Equals(record.Recipient, privateKey.KeyId, StringComparison.Ordinal))
        {
            return (null, $"encrypted to {record.Recipient}, not to {privateKey.KeyId}");
        }

        try
        {
            var ephemeralPublic = Convert.FromBase64String(record.EphemeralKey);
            using var ephemeral = ECDiffieHellman.Create();
            ephemeral.ImportSubjectPublicKeyInfo(ephemeralPublic, out _);
            var key = DeriveKey(privateKey.Key, ephemeral.PublicKey, ephemeralPublic, privateKey.PublicKey);
            var ciphertext = Convert.FromBase64String(record.Ciphertext);
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, TagBytes))
            {
                aes.Decrypt(Convert.FromBase64String(record.Nonce), ciphertext, Convert.FromBase64String(record.Tag), plaintext, record.AssociatedData());
            }

            CryptographicOperations.ZeroMemory(key);
            return (plaintext, null);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return (null, "cannot decrypt (record edited, or not for this key): " + ex.Message);
        }
    }

    /// <summary>HKDF-SHA256 over the raw ECDH secret, salted with both public keys (ephemeral first).</summary>
    private static byte[] DeriveKey(ECDiffieHellman own, ECDiffieHellmanPublicKey other, byte[] ephemeralPublic, byte[] recipientPublic)
    {
        var secret = own.DeriveRawSecretAgreement(other);
        try
        {
            var salt = new byte[ephemeralPublic.Length + recipientPublic.Length];
            ephemeralPublic.CopyTo(salt, 0);
            recipientPublic.CopyTo(salt, ephemeralPublic.Length);
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt, Info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
