using System.Security.Cryptography;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// A bundle read into memory: the manifest's bytes and every other file's bytes. Verification and loading both work
/// on these bytes, never on the directory again, so a file swapped after the check cannot be what is loaded.
/// </summary>
internal sealed class BundleDirectory
{
    /// <summary>Largest bundle read into memory; a policy directory is kilobytes, a model head a few megabytes.</summary>
    public const long MaxTotalBytes = 256L * 1024 * 1024;

    private BundleDirectory(string root, byte[]? manifestBytes, IReadOnlyDictionary<string, byte[]> files)
    {
        Root = root;
        ManifestBytes = manifestBytes;
        Files = files;
    }

    public string Root { get; }

    /// <summary>The manifest file's bytes, or null when the directory has none.</summary>
    public byte[]? ManifestBytes { get; }

    /// <summary>Every file but the manifest, by relative path with forward slashes.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Reads a bundle directory (all files below it, dot-files and dot-folders excepted).</summary>
    public static (BundleDirectory? Bundle, string? Error) Read(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            return (null, $"bundle directory {full} does not exist");
        }

        try
        {
            byte[]? manifest = null;
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            long total = 0;
            foreach (var path in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(full, path).Replace('\\', '/');
                if (relative.Split('/').Any(segment => segment.StartsWith('.')))
                {
                    continue; // editor artefacts and hidden state, never policy
                }

                var bytes = File.ReadAllBytes(path);
                total += bytes.LongLength;
                if (total > MaxTotalBytes)
                {
                    return (null, $"bundle is larger than {MaxTotalBytes} bytes");
                }

                if (string.Equals(relative, BundleManifest.FileName, StringComparison.Ordinal))
                {
                    manifest = bytes;
                }
                else
                {
                    files[relative] = bytes;
                }
            }

            return (new BundleDirectory(full, manifest, files), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read bundle directory {full}: {ex.Message}");
        }
    }

    /// <summary>Lowercase hex SHA-256 of every file, as a manifest lists them.</summary>
    public SortedDictionary<string, string> Digests()
    {
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, bytes) in Files)
        {
            digests[path] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        return digests;
    }

    /// <summary>A relative path that stays inside the bundle: no rooted paths, no <c>..</c>, no dot segments.</summary>
    public static bool IsSafeRelativePath(string path) =>
        !string.IsNullOrEmpty(path)
        && !Path.IsPathRooted(path)
        && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && !segment.StartsWith('.'));
}
