using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Guardrail.Filters.Capture;

/// <summary>
/// One encrypted capture, one JSON line: who and when in the clear (ids, direction, category, times — never text),
/// the blocked text sealed to the operator's key. The clear fields are bound to the ciphertext (AES-GCM associated
/// data), so an edited expiry or request id makes the record unreadable rather than misleading.
/// </summary>
internal sealed record CaptureRecord
{
    public const int Version = 1;

    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>When the record stops being readable (time plus the retention); the purge deletes it after that.</summary>
    public required DateTimeOffset Expires { get; init; }

    public required string RequestId { get; init; }

    public required string Direction { get; init; }

    public string? Category { get; init; }

    /// <summary>The recipient's key id (<see cref="CaptureKey.KeyId"/>).</summary>
    public required string Recipient { get; init; }

    /// <summary>The ephemeral ECDH public key (SubjectPublicKeyInfo, base64).</summary>
    public required string EphemeralKey { get; init; }

    public required string Nonce { get; init; }

    public required string Ciphertext { get; init; }

    public required string Tag { get; init; }

    /// <summary>The bytes the AES-GCM tag also covers: every clear field but the cryptographic ones.</summary>
    public byte[] AssociatedData() => Encoding.UTF8.GetBytes(string.Join('|',
        "guardrail-capture-v1", Id, Stamp(Time), Stamp(Expires), RequestId, Direction, Category ?? "", Recipient, EphemeralKey));

    public byte[] ToLine()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("id", Id);
            writer.WriteString("time", Stamp(Time));
            writer.WriteString("expires", Stamp(Expires));
            writer.WriteString("request_id", RequestId);
            writer.WriteString("direction", Direction);
            if (Category is not null)
            {
                writer.WriteString("category", Category);
            }

            writer.WriteString("recipient", Recipient);
            writer.WriteString("epk", EphemeralKey);
            writer.WriteString("nonce", Nonce);
            writer.WriteString("ciphertext", Ciphertext);
            writer.WriteString("tag", Tag);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static (CaptureRecord? Record, string? Error) Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("v", out var v) || v.GetInt32() != Version)
            {
                return (null, "not a version 1 capture record");
            }

            return (new CaptureRecord
            {
                Id = root.GetProperty("id").GetString()!,
                Time = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Expires = DateTimeOffset.Parse(root.GetProperty("expires").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                RequestId = root.GetProperty("request_id").GetString()!,
                Direction = root.GetProperty("direction").GetString()!,
                Category = root.TryGetProperty("category", out var c) ? c.GetString() : null,
                Recipient = root.GetProperty("recipient").GetString()!,
                EphemeralKey = root.GetProperty("epk").GetString()!,
                Nonce = root.GetProperty("nonce").GetString()!,
                Ciphertext = root.GetProperty("ciphertext").GetString()!,
                Tag = root.GetProperty("tag").GetString()!,
            }, null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, "not a capture record: " + ex.Message);
        }
    }

    /// <summary>UTC to the second, one spelling (the associated data must be the same bytes when read back).</summary>
    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
