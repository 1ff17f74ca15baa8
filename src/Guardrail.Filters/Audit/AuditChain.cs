using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Filters.Audit;

/// <summary>The rules the writer and the verifier share: record hashes, the genesis value, rotated file names, checkpoint bytes.</summary>
internal static class AuditChain
{
    /// <summary>The <c>prev</c> of the very first record.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>SHA-256 (lowercase hex) of one record's line, without its newline.</summary>
    public static string HashLine(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));

    /// <summary>What a checkpoint's signature covers: its position and the hash of everything before it.</summary>
    public static byte[] CheckpointBytes(long seq, string prev) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"guardrail-audit-checkpoint|{seq}|{prev}"));

    /// <summary>
    /// The files of one log in chain order: rotated files (<c>NAME.000001</c>, <c>NAME.000002</c>, …, oldest first),
    /// then the live file <c>NAME</c>.
    /// </summary>
    public static IReadOnlyList<string> FilesOf(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var rotated = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, name + ".*")
                .Where(f => RotationIndex(full, f) is not null)
                .OrderBy(f => RotationIndex(full, f))
                .ToList()
            : [];
        if (File.Exists(full))
        {
            rotated.Add(full);
        }

        return rotated;
    }

    public static string RotatedName(string path, int index) => path + "." + index.ToString("D6", CultureInfo.InvariantCulture);

    public static int? RotationIndex(string path, string candidate)
    {
        var suffix = candidate.Length > path.Length + 1 && candidate.StartsWith(path + ".", StringComparison.Ordinal) ? candidate[(path.Length + 1)..] : "";
        return suffix.Length == 6 && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
