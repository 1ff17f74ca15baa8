using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.Audit;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail policy shadow-report (--audit FILE [--key PUB] | --admin URL) [--revision N] [--samples N]</c>: what the
/// shadow candidate would have done differently, for the reviewer who signs it. From the audit trail (verified first:
/// a tampered trail is no evidence, exit 1) it reads the candidate's last <c>shadow.summary</c> and its
/// <c>shadow.disagreement</c> samples; from a running proxy's admin listener, the live counters.
/// </summary>
internal static class ShadowReport
{
    private const string Command = "policy shadow-report";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse(Command, args, ["--audit", "--key", "--admin", "--token-env", "--revision", "--samples"], [], 0, 0);
        if (await PolicyCommand.Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        var options = parsed.Options!;
        var audit = options.Value("--audit");
        var admin = options.Value("--admin");
        if ((audit is null) == (admin is null))
        {
            await error.WriteLineAsync(ArgumentErrors.Other(Command, "pass --audit FILE (the audit trail) or --admin URL (a running proxy), one of them"));
            return ArgumentErrors.ExitCode;
        }

        long? revision = null;
        if (options.Value("--revision") is { } r)
        {
            if (!long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                await error.WriteLineAsync(ArgumentErrors.BadValue(Command, "--revision", r, "a revision number"));
                return ArgumentErrors.ExitCode;
            }

            revision = value;
        }

        var maxSamples = 20;
        if (options.Value("--samples") is { } s && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out maxSamples)))
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue(Command, "--samples", s, "a number of samples to list"));
            return ArgumentErrors.ExitCode;
        }

        return admin is not null
            ? await FromAdminAsync(admin, options.Value("--token-env") ?? "GUARDRAIL_ADMIN_KEY", output, error)
            : await FromAuditAsync(audit!, options.Value("--key"), revision, maxSamples, output, error);
    }

    private static async Task<int> FromAdminAsync(string admin, string tokenVariable, TextWriter output, TextWriter error)
    {
        if (!Uri.TryCreate(admin, UriKind.Absolute, out var baseUri))
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue(Command, "--admin", admin, "the admin listener's URL"));
            return ArgumentErrors.ExitCode;
        }

        var (body, problem) = await AdminClient.GetJsonAsync(baseUri, "admin/shadow", tokenVariable);
        if (body is not { } shadow)
        {
            await error.WriteLineAsync($"guardrail {Command}: {problem}");
            return 1;
        }

        var state = shadow.GetProperty("state").GetString();
        if (shadow.TryGetProperty("statistics", out var stats) && stats.ValueKind == JsonValueKind.Object)
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"shadow revision {shadow.GetProperty("revision")} (manifest sha256 {shadow.GetProperty("manifest_sha256").GetString()}), signed by {Join(shadow.GetProperty("signers"))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"beside live revision {shadow.GetProperty("live_revision")}, since {shadow.GetProperty("since")}; source: running proxy (live counters)");
            AppendCounts(text, stats);
            await output.WriteAsync(text.ToString());
            return 0;
        }

        await output.WriteLineAsync($"shadow: {state}" + (shadow.TryGetProperty("last_rejection", out var rej) && rej.ValueKind == JsonValueKind.Object
            ? $"; last rejection {rej.GetProperty("code").GetString()}: {rej.GetProperty("reason").GetString()}"
            : ""));
        return 0;
    }

    private static async Task<int> FromAuditAsync(string path, string? keyPath, long? revision, int maxSamples, TextWriter output, TextWriter error)
    {
        Filters.ChangeControl.TrustedKey? key = null;
        if (keyPath is not null)
        {
            var (loaded, problem) = PolicyCommand.ReadPublicKey(keyPath);
            if (loaded is null)
            {
                await error.WriteLineAsync($"guardrail {Command}: {problem}");
                return ArgumentErrors.ExitCode;
            }

            key = loaded;
        }

        var files = AuditChain.FilesOf(path);
        if (files.Count == 0)
        {
            await error.WriteLineAsync($"guardrail {Command}: no audit log at {path}");
            return ArgumentErrors.ExitCode;
        }

        var verification = AuditVerifier.Verify(files, key);
        if (!verification.Intact)
        {
            await output.WriteLineAsync($"TAMPERED: first bad record {verification.FirstBad}: {verification.Reason}; a tampered audit trail is no evidence");
            return 1;
        }

        JsonElement? applied = null;
        JsonElement? summary = null;
        var samples = new List<JsonElement>();
        var stopped = (string?)null;
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file, Encoding.UTF8))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var type = root.GetProperty("type").GetString();
                if (type is not ("shadow.applied" or "shadow.summary" or "shadow.disagreement" or "shadow.stopped"))
                {
                    continue;
                }

                var recordRevision = root.TryGetProperty("revision", out var rv) && rv.TryGetInt64(out var n) ? n : -1;
                if (type == "shadow.applied" && (revision is null || recordRevision == revision))
                {
                    // A newer candidate (or the same revision applied again) starts a fresh report.
                    applied = root.Clone();
                    summary = null;
                    samples.Clear();
                    stopped = null;
                    continue;
                }

                if (applied is not { } current || recordRevision != current.GetProperty("revision").GetInt64())
                {
                    continue;
                }

                switch (type)
                {
                    case "shadow.summary":
                        summary = root.Clone();
                        break;
                    case "shadow.disagreement":
                        samples.Add(root.Clone());
                        break;
                    default:
                        stopped = root.TryGetProperty("reason", out var why) ? why.GetString() : "stopped";
                        break;
                }
            }
        }

        if (applied is not { } candidate)
        {
            await output.WriteLineAsync(revision is null ? "no shadow candidate in the audit trail" : $"no shadow candidate with revision {revision} in the audit trail");
            return 1;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"shadow revision {candidate.GetProperty("revision")} (manifest sha256 {candidate.GetProperty("manifest_sha256").GetString()}), signed by {Join(candidate.GetProperty("signers"))}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"beside live revision {candidate.GetProperty("live_revision")}, since {candidate.GetProperty("time").GetString()}") + (stopped is null ? "" : $"; stopped ({stopped})"));
        text.AppendLine(CultureInfo.InvariantCulture, $"audit trail: intact, {verification.Records} records, {verification.SignedCheckpoints} signed checkpoint(s){(key is null ? " (signatures not checked: pass --key)" : "")}");
        if (summary is { } counts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"counters as of {counts.GetProperty("time").GetString()} (last shadow.summary):");
            AppendCounts(text, counts);
        }
        else
        {
            text.AppendLine("no shadow.summary yet (the proxy writes one every ShadowSummarySeconds and when the candidate stops); samples only:");
        }

        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"samples in the audit trail: {samples.Count}") + (samples.Count > maxSamples ? string.Create(CultureInfo.InvariantCulture, $" (the {maxSamples} with the largest score change listed)") : ""));
        foreach (var sample in samples.OrderByDescending(x => Math.Abs(Number(x, "shadow_score") - Number(x, "live_score"))).Take(maxSamples))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {sample.GetProperty("request_id").GetString()}  {sample.GetProperty("direction").GetString(),-6} {sample.GetProperty("kind").GetString(),-24} {sample.GetProperty("category").GetString(),-18} live {sample.GetProperty("live_action").GetString()} {Number(sample, "live_score"):F3} -> shadow {sample.GetProperty("shadow_action").GetString()} {Number(sample, "shadow_score"):F3}");
        }

        await output.WriteAsync(text.ToString());
        return 0;
    }

    /// <summary>The counters of a summary record or the admin statistics (same names).</summary>
    private static void AppendCounts(StringBuilder text, JsonElement counts)
    {
        var screened = counts.GetProperty("screened");
        var total = screened.EnumerateObject().Sum(p => p.Value.GetInt64());
        var disagreements = counts.GetProperty("disagreements").EnumerateObject().ToList();
        var disagreed = disagreements.Sum(p => p.Value.GetInt64());
        var rate = total == 0 ? 0 : 100.0 * disagreed / total;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  offered {Long(counts, "offered")}, screened {total} ({string.Join(", ", screened.EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt64()}"))}), agreed {Long(counts, "agreed")}, disagreed {disagreed} ({rate:F2}%)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  not compared: dropped (queue full) {Long(counts, "dropped_queue_full")}, dropped (live busy or models loading) {Long(counts, "dropped_busy")}, shadow errors {Long(counts, "shadow_errors")}, live undecided {Long(counts, "live_undecided")}, policy missing in the candidate {Long(counts, "missing_policy")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  mean shadow screen {Number(counts, "mean_shadow_ms"):F2} ms; samples audited {Long(counts, "samples_audited")}, over the per-minute limit {Long(counts, "samples_suppressed")}");
        if (disagreements.Count == 0)
        {
            text.AppendLine("  no disagreements");
            return;
        }

        text.AppendLine("  disagreements (direction, kind, category: count):");
        foreach (var pair in disagreements.OrderByDescending(p => p.Value.GetInt64()))
        {
            var parts = pair.Name.Split('/');
            text.AppendLine(CultureInfo.InvariantCulture, $"    {parts[0],-6} {(parts.Length > 1 ? parts[1] : ""),-24} {(parts.Length > 2 ? parts[2] : ""),-18} {pair.Value.GetInt64()}");
        }
    }

    private static long Long(JsonElement element, string name) => element.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;

    private static double Number(JsonElement element, string name) => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    private static string Join(JsonElement array) => array.ValueKind == JsonValueKind.Array ? string.Join(", ", array.EnumerateArray().Select(e => e.GetString())) : "";
}
