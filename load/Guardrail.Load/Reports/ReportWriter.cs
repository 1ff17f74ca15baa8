namespace Guardrail.Load.Reports;

/// <summary>Writes a report's three files (SCENARIO.md, .json, .html) into a directory, and says where.</summary>
internal static class ReportWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(RunReport report, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, report.Scenario);
        var files = new[] { (stem + ".md", MarkdownReport.Render(report)), (stem + ".json", JsonReport.Render(report)), (stem + ".html", HtmlReport.Render(report)) };
        foreach (var (path, text) in files)
        {
            await File.WriteAllTextAsync(path, text, cancellationToken);
        }

        return files.Select(f => f.Item1).ToList();
    }
}
