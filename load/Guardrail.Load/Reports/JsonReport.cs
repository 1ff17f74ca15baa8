using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guardrail.Load.Reports;

/// <summary>The report as JSON (camelCase, indented): every number of the Markdown and HTML pages, for tools.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunReport report) => JsonSerializer.Serialize(report, Options);

    public static RunReport? Read(string json) => JsonSerializer.Deserialize<RunReport>(json, Options);
}
