using System.Globalization;

namespace Guardrail.Filters.Capture;

/// <summary>
/// The retention rule, in one place for the proxy and <c>guardrail capture purge</c>: records are written to the file of
/// their UTC day and expire <c>RetentionDays</c> after they were written; a day file is deleted once its last possible
/// record has expired, i.e. at the first purge on or after the end of that day plus <c>RetentionDays</c>.
/// </summary>
internal static class CaptureRetention
{
    public const string Prefix = "capture-";
    public const string Suffix = ".jsonl";

    public static string FileName(DateTimeOffset time) => Prefix + time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Suffix;

    /// <summary>The UTC day a capture file holds, or null for any other file.</summary>
    public static DateOnly? DayOf(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(name[Prefix.Length..^Suffix.Length], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>When the file of <paramref name="day"/> is due for deletion: the end of the day plus the retention.</summary>
    public static DateTimeOffset DeleteAfter(DateOnly day, int retentionDays) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1 + retentionDays);

    /// <summary>Deletes every day file due at <paramref name="now"/>; returns the deleted files' names.</summary>
    public static IReadOnlyList<string> Purge(string directory, int retentionDays, DateTimeOffset now)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        var deleted = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Suffix).Order(StringComparer.Ordinal))
        {
            if (DayOf(file) is { } day && now >= DeleteAfter(day, retentionDays))
            {
                File.Delete(file);
                deleted.Add(Path.GetFileName(file));
            }
        }

        return deleted;
    }
}
