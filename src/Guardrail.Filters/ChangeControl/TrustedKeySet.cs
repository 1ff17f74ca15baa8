using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The trusted-keys file: the public keys allowed to sign bundles, plus signatures over the key list itself. It lives
/// outside the policy directory (a policy cannot vouch for itself); a replacement is accepted while the proxy runs
/// only when signed by enough distinct keys of the set in force (<see cref="QuorumVerifier.VerifyKeySet"/>).
/// </summary>
internal sealed class TrustedKeySet
{
    private TrustedKeySet(IReadOnlyList<TrustedKey> keys, IReadOnlyList<BundleSignature> signatures)
    {
        Keys = keys;
        Signatures = signatures;
        ById = keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal);
    }

    public IReadOnlyList<TrustedKey> Keys { get; }

    public IReadOnlyDictionary<string, TrustedKey> ById { get; }

    public IReadOnlyList<BundleSignature> Signatures { get; }

    public static TrustedKeySet Create(IEnumerable<TrustedKey> keys) =>
        new([.. keys.DistinctBy(k => k.KeyId).OrderBy(k => k.KeyId, StringComparer.Ordinal)], []);

    public TrustedKeySet WithSignature(BundleSignature signature) => new(Keys, [.. Signatures, signature]);

    /// <summary>The bytes signatures over the set cover: the sorted key list, canonically written.</summary>
    public byte[] CanonicalBytes() => SignedJson.Canonical(WriteKeys);

    public byte[] ToFileBytes() => SignedJson.File(WriteKeys, Signatures);

    public static (TrustedKeySet? Set, string? Error) Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            if (!document.RootElement.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (null, "trusted-keys file needs a keys list");
            }

            var keys = new List<TrustedKey>();
            foreach (var item in list.EnumerateArray())
            {
                var (key, error) = TrustedKey.FromJson(item);
                if (key is null)
                {
                    return (null, "trusted-keys file: " + error);
                }

                keys.Add(key);
            }

            if (keys.Count == 0)
            {
                return (null, "trusted-keys file lists no keys");
            }

            var signatures = new List<BundleSignature>();
            if (document.RootElement.TryGetProperty("signatures", out var sigs) && sigs.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in sigs.EnumerateArray())
                {
                    signatures.Add(new BundleSignature(
                        item.TryGetProperty("key_id", out var k) ? k.GetString() ?? "" : "",
                        item.TryGetProperty("signature", out var s) ? s.GetString() ?? "" : ""));
                }
            }

            var set = Create(keys);
            return (new TrustedKeySet(set.Keys, signatures), null);
        }
        catch (JsonException ex)
        {
            return (null, "trusted-keys file is not valid JSON: " + ex.Message);
        }
    }

    public static (TrustedKeySet? Set, string? Error) Load(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read trusted-keys file {path}: {ex.Message}");
        }
    }

    private void WriteKeys(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("keys");
        foreach (var key in Keys)
        {
            writer.WriteStartObject();
            writer.WriteString("key_id", key.KeyId);
            writer.WriteString("public_key", Convert.ToBase64String(key.PublicKey));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
