using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Capture;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail capture keygen|decrypt|purge</c>: the operator's side of the encrypted capture of blocked text.
/// <c>decrypt</c> prints each readable record's plaintext (one JSON line each); records past their retention are not
/// decrypted. With <c>--audit</c>, each record must also be one the audit trail recorded (its SHA-256 in a
/// <c>capture.stored</c> record of a verified chain). Exit 0, 1 when a record could not be read or vouched for, 2 bad usage.
/// </summary>
internal static class CaptureCommand
{
    public const string Usage = """
        Usage:
          guardrail capture keygen --out KEY                     ECDH P-256 key pair for capture: KEY (private, 0600) and KEY.pub
          guardrail capture decrypt DIR|FILE --key KEY [--request-id ID] [--audit FILE [--audit-key PUB]]
                                                                 print the captured text of unexpired records (JSON lines)
          guardrail capture purge DIR --retention-days N         delete day files past the retention (the proxy does this hourly)
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        Subcommands.RunAsync("capture", Usage, args,
        [
            ("keygen", rest => Subcommands.KeygenAsync("capture keygen", Usage, rest, CreateKey, output, error)),
            ("decrypt", rest => DecryptAsync(rest, output, error)),
            ("purge", rest => PurgeAsync(rest, output, error)),
        ], output, error);

    private static Task<int?> FailedAsync(ParseResult<PolicyArguments> parsed, TextWriter output, TextWriter error) =>
        PolicyArguments.StopAsync(parsed, Usage, output, error);

    private static string CreateKey(string path)
    {
        using var key = CaptureKey.Create();
        key.Save(path);
        return $"capture key {key.KeyId}: private key {path} (keep it off the proxy host), public key {path}.pub (Guardrail:ChangeControl:CaptureKey)";
    }

    private static async Task<int> DecryptAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("capture decrypt", args, ["--key", "--request-id", "--audit", "--audit-key"], [], 1, 1);
        if (await FailedAsync(parsed, output, error) is { } code)
        {
            return code;
        }

        var options = parsed.Options!;
        if (options.Value("--key") is not { } keyPath)
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue("capture decrypt", "--key"));
            return ArgumentErrors.ExitCode;
        }

        var (key, keyError) = CaptureKey.Load(keyPath);
        if (key is null || !key.HasPrivate)
        {
            await error.WriteLineAsync("guardrail capture decrypt: " + (keyError ?? $"{keyPath} is a public key; decrypting needs the private key"));
            key?.Dispose();
            return ArgumentErrors.ExitCode;
        }

        using (key)
        {
            HashSet<string>? vouched = null;
            if (options.Value("--audit") is { } auditPath)
            {
                var (hashes, problem) = AuditedCaptures(auditPath, options.Value("--audit-key"));
                if (hashes is null)
                {
                    await output.WriteLineAsync("refused: " + problem);
                    return 1;
                }

                vouched = hashes;
            }

            var target = options.Positionals[0];
            var files = Directory.Exists(target)
                ? Directory.EnumerateFiles(target, CaptureRetention.Prefix + "*" + CaptureRetention.Suffix).Order(StringComparer.Ordinal).ToList()
                : [target];
            var requestId = options.Value("--request-id");
            var now = DateTimeOffset.UtcNow;
            int read = 0, expired = 0, failed = 0;
            foreach (var file in files)
            {
                var lineNumber = 0;
                foreach (var line in File.ReadLines(file, Encoding.UTF8))
                {
                    lineNumber++;
                    var (record, parseError) = CaptureRecord.Parse(line);
                    if (record is null)
                    {
                        failed++;
                        await error.WriteLineAsync($"{file}:{lineNumber}: {parseError}");
                        continue;
                    }

                    if (requestId is not null && !string.Equals(record.RequestId, requestId, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (now >= record.Expires)
                    {
                        // Past its retention: the purge deletes it; it is not read meanwhile.
                        expired++;
                        continue;
                    }

                    if (vouched is not null && !vouched.Contains(AuditChain.HashLine(Encoding.UTF8.GetBytes(line))))
                    {
                        failed++;
                        await error.WriteLineAsync($"{file}:{lineNumber}: not recorded in the audit trail (capture.stored); not shown");
                        continue;
                    }

                    var (plaintext, openError) = CaptureCipher.Open(key, record);
                    if (plaintext is null)
                    {
                        failed++;
                        await error.WriteLineAsync($"{file}:{lineNumber}: {openError}");
                        continue;
                    }

                    read++;
                    await output.WriteLineAsync(Encoding.UTF8.GetString(plaintext));
                }
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"capture decrypt: {read} record(s) read, {expired} past retention (not read), {failed} unreadable"));
            return failed > 0 ? 1 : 0;
        }
    }

    /// <summary>The SHA-256 of every capture the (verified) audit trail recorded, or why the trail is no evidence.</summary>
    private static (HashSet<string>? Hashes, string? Error) AuditedCaptures(string auditPath, string? auditKey)
    {
        Filters.ChangeControl.TrustedKey? key = null;
        if (auditKey is not null)
        {
            var (loaded, problem) = PolicyCommand.ReadPublicKey(auditKey);
            if (loaded is null)
            {
                return (null, problem);
            }

            key = loaded;
        }

        var files = AuditChain.FilesOf(auditPath);
        var verification = AuditVerifier.Verify(files, key);
        if (!verification.Intact)
        {
            return (null, $"the audit trail is tampered (first bad record {verification.FirstBad}: {verification.Reason})");
        }

        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in files.SelectMany(f => File.ReadLines(f, Encoding.UTF8)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() == "capture.stored" && root.TryGetProperty("sha256", out var sha) && sha.GetString() is { } hash)
            {
                hashes.Add(hash);
            }
        }

        return (hashes, null);
    }

    private static async Task<int> PurgeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("capture purge", args, ["--retention-days"], [], 1, 1);
        if (await FailedAsync(parsed, output, error) is { } code)
        {
            return code;
        }

        var text = parsed.Options!.Value("--retention-days");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1)
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue("capture purge", "--retention-days", text ?? "", "a number of days, at least 1"));
            return ArgumentErrors.ExitCode;
        }

        var deleted = CaptureRetention.Purge(parsed.Options.Positionals[0], days, DateTimeOffset.UtcNow);
        await output.WriteLineAsync(deleted.Count == 0 ? "nothing past the retention" : "deleted " + string.Join(", ", deleted));
        return 0;
    }
}
