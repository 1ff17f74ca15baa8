using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The key files of signing and capture keys: a private key readable by its owner only (on Unix), created new (never
/// overwriting a key), and a public key beside it (<c>PATH.pub</c>), both small JSON objects.
/// </summary>
internal static class KeyFiles
{
    /// <summary>Writes <c>{"type","key_id","private_key"}</c> to <paramref name="path"/>, owner-only; fails if it exists.</summary>
    public static void WritePrivate(string path, string type, string keyId, byte[] pkcs8)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(pkcs8);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        Write(stream, type, keyId, "private_key", pkcs8);
    }

    /// <summary>Writes <c>{"type","key_id","public_key"}</c> to <paramref name="path"/>; fails if it exists.</summary>
    public static void WritePublic(string path, string type, string keyId, byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(publicKey);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        Write(stream, type, keyId, "public_key", publicKey);
    }

    private static void Write(Stream stream, string type, string keyId, string field, byte[] key)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("key_id", keyId);
        writer.WriteString(field, Convert.ToBase64String(key));
        writer.WriteEndObject();
    }
}
