using Guardrail.Load.Reports;

namespace Guardrail.Load.Tests.Reports;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "guardrail-load-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_WritesMarkdownJsonAndHtmlNamedAfterTheScenario()
    {
        var files = await ReportWriter.WriteAsync(SampleReports.ThreeWay(), _directory);

        Assert.Equal("benign-chat.md|benign-chat.json|benign-chat.html", string.Join('|', files.Select(Path.GetFileName)));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, f));
    }

    [Fact]
    public void Markdown_NamesMachineCommitSettingsAndEveryTarget()
    {
        var md = MarkdownReport.Render(SampleReports.ThreeWay());

        Assert.Contains("abc123def456", md, StringComparison.Ordinal);
        Assert.Contains("Test CPU, 2 cores", md, StringComparison.Ordinal);
        Assert.Contains("- injection: open model, 10/s for 1 s", md, StringComparison.Ordinal);
        Assert.Contains("| direct | 10 | 10 |", md, StringComparison.Ordinal);
        Assert.Contains("| guardrail |", md, StringComparison.Ordinal);
        Assert.Contains("FAIL guardrail: limit exact — 9 of 8", md, StringComparison.Ordinal);
        Assert.Contains("CPU per request 2.50×", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTripsTheNumbers()
    {
        var report = SampleReports.ThreeWay();

        var read = JsonReport.Read(JsonReport.Render(report));

        Assert.NotNull(read);
        Assert.Equal(report.Scenario, read.Scenario);
        Assert.Equal(3, read.Runs.Count);
        Assert.Equal(report.Runs[2].Latency.P99, read.Runs[2].Latency.P99);
        Assert.Equal(report.Runs[2].CpuMs, read.Runs[2].CpuMs);
        Assert.Equal(2, read.Runs[0].Counters["halts"]);
        Assert.False(read.Passed);
    }

    [Fact]
    public void Html_IsSelfContainedWithCharts()
    {
        var html = HtmlReport.Render(SampleReports.ThreeWay());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(html, "<svg "));
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);

        // Text from the run is escaped, never markup.
        Assert.Contains("&lt;with markup &amp; quotes&quot;&gt;", html, StringComparison.Ordinal);
        Assert.Contains("abc123def456", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_WithSoakSamples_DrawsMemoryCharts()
    {
        var samples = Enumerable.Range(0, 30).Select(i => new Guardrail.Load.Targets.ProcessSample
        {
            Seconds = i, WorkingSetBytes = 100L << 20, HeapAfterGcBytes = 40L << 20, Handles = 50, Threads = 20, GcPauseMs = i,
        }).ToList();
        var report = SampleReports.ThreeWay() with { Runs = [SampleReports.Run("guardrail", 10, [1, 2, 3], samples)] };

        var html = HtmlReport.Render(report);

        Assert.Contains("guardrail: memory over time", html, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(html, "<svg "));
    }

    [Fact]
    public void Ratios_WithoutAllThreeTargets_AreNotComputed()
    {
        var report = SampleReports.ThreeWay() with { Runs = [SampleReports.Run("guardrail", 10, [1])] };

        Assert.Null(Ratios.Of(report));
        Assert.DoesNotContain("Guardrail / plain YARP", MarkdownReport.Render(report), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
