using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// The manifest of a policy bundle (<c>bundle.json</c>): the SHA-256 of every file, a revision that only grows,
/// when it was made and until when it may be applied, and the signatures.
/// </summary>
/// <remarks>
/// Signatures cover <see cref="CanonicalBytes"/>: the manifest without its signatures, written with a fixed property
/// order, files sorted by ordinal path, no whitespace. Parsing and re-writing is therefore stable, and adding a
/// signature never changes what the other signatures cover.
/// </remarks>
internal sealed record BundleManifest
{
    public const string FileName = "bundle.json";
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public long Revision { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Expires { get; init; }

    /// <summary>Relative path (forward slashes) → lowercase hex SHA-256 of the file's bytes.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<BundleSignature> Signatures { get; init; } = [];

    /// <summary>The bytes every signature covers: everything but the signatures, canonically written.</summary>
    public byte[] CanonicalBytes() => SignedJson.Canonical(WriteBody);

    /// <summary>The manifest file as written to disk (indented, signatures included).</summary>
    public byte[] ToFileBytes() => SignedJson.File(WriteBody, Signatures);

    /// <summary>Parses a manifest; a malformed one is an error value naming what is wrong.</summary>
    public static (BundleManifest? Manifest, string? Error) Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "manifest is not a JSON object");
            }

            if (!root.TryGetProperty("format", out var format) || !format.TryGetInt32(out var formatValue) || formatValue != CurrentFormat)
            {
                return (null, $"manifest format must be {CurrentFormat}");
            }

            if (!root.TryGetProperty("revision", out var revision) || !revision.TryGetInt64(out var revisionValue) || revisionValue < 1)
            {
                return (null, "manifest revision must be a positive integer");
            }

            if (!root.TryGetProperty("created", out var created) || !created.TryGetDateTimeOffset(out var createdValue))
            {
                return (null, "manifest created must be an ISO 8601 time");
            }

            DateTimeOffset? expiresValue = null;
            if (root.TryGetProperty("expires", out var expires) && expires.ValueKind != JsonValueKind.Null)
            {
                if (!expires.TryGetDateTimeOffset(out var e))
                {
                    return (null, "manifest expires must be an ISO 8601 time");
                }

                expiresValue = e;
            }

            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
            {
                return (null, "manifest files must be an object of path: sha256");
            }

            var fileMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files.EnumerateObject())
            {
                if (file.Value.GetString() is not { Length: 64 } digest || !BundleDirectory.IsSafeRelativePath(file.Name))
                {
                    return (null, $"manifest entry '{file.Name}' needs a safe relative path and a 64-digit SHA-256");
                }

                fileMap[file.Name] = digest.ToLowerInvariant();
            }

            var signatures = new List<BundleSignature>();
            if (root.TryGetProperty("signatures", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    var keyId = item.TryGetProperty("key_id", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                    var signature = item.TryGetProperty("signature", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    signatures.Add(new BundleSignature(keyId ?? "", signature ?? ""));
                }
            }

            return (new BundleManifest
            {
                Format = formatValue,
                Revision = revisionValue,
                Created = createdValue,
                Expires = expiresValue,
                Files = fileMap,
                Signatures = signatures,
            }, null);
        }
        catch (JsonException ex)
        {
            return (null, "manifest is not valid JSON: " + ex.Message);
        }
    }

    private void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("format", Format);
        writer.WriteNumber("revision", Revision);
        writer.WriteString("created", Utc(Created));
        if (Expires is { } expires)
        {
            writer.WriteString("expires", Utc(expires));
        }
        else
        {
            writer.WriteNull("expires");
        }

        writer.WriteStartObject("files");
        foreach (var (path, digest) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            writer.WriteString(path, digest);
        }

        writer.WriteEndObject();
    }

    /// <summary>UTC to the second with a <c>Z</c>: one spelling per instant, so canonical bytes are stable.</summary>
    private static string Utc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>For messages: "revision 7 (2 signatures)".</summary>
    public override string ToString() =>
        new StringBuilder().Append("revision ").Append(Revision.ToString(CultureInfo.InvariantCulture))
            .Append(" (").Append(Signatures.Count.ToString(CultureInfo.InvariantCulture)).Append(" signatures)").ToString();
}
