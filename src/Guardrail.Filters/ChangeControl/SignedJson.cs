using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The two byte forms of a signed JSON document (a bundle manifest, a trusted-keys file): the canonical bytes the
/// signatures cover (compact, without the signatures) and the file as written (indented, signatures appended), so
/// both documents sign and store exactly the same way.
/// </summary>
internal static class SignedJson
{
    /// <summary>The canonical bytes: <paramref name="writeBody"/> opens the object and writes every signed field.</summary>
    public static byte[] Canonical(Action<Utf8JsonWriter> writeBody)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writeBody(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The file bytes: the same fields indented, then the signatures, then a final line break.</summary>
    public static byte[] File(Action<Utf8JsonWriter> writeBody, IReadOnlyList<BundleSignature> signatures)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writeBody(writer);
            writer.WriteStartArray("signatures");
            foreach (var signature in signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("key_id", signature.KeyId);
                writer.WriteString("signature", signature.Signature);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
