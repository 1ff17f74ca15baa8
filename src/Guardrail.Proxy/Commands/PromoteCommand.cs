using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail policy promote SHADOW DEPLOY --trusted FILE [--required N] [--admin URL [--token-env NAME]]</c>: deploys
/// the shadow candidate as the live bundle. It verifies the candidate as the proxy will (quorum, files, expiry), and
/// with <c>--admin</c> checks that the running proxy is shadowing exactly this manifest (so what is promoted is what
/// was measured), copies it into the live policy directory (files first, <c>bundle.json</c> last, each by an atomic
/// rename; files the bundle does not have are removed), then waits for the proxy to serve it or say why not.
/// </summary>
internal static class PromoteCommand
{
    private const string Command = "policy promote";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse(Command, args, ["--trusted", "--required", "--admin", "--token-env"], [], 2, 2);
        if (await PolicyCommand.Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        var options = parsed.Options!;
        if (options.Value("--trusted") is not { } trustedPath)
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue(Command, "--trusted"));
            return ArgumentErrors.ExitCode;
        }

        var required = 2;
        if (options.Value("--required") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out required) || required < 1))
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue(Command, "--required", r, "a positive integer"));
            return ArgumentErrors.ExitCode;
        }

        Uri? admin = null;
        if (options.Value("--admin") is { } a && !Uri.TryCreate(a, UriKind.Absolute, out admin))
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue(Command, "--admin", a, "the admin listener's URL"));
            return ArgumentErrors.ExitCode;
        }

        var token = options.Value("--token-env") ?? "GUARDRAIL_ADMIN_KEY";
        var (source, deploy) = (options.Positionals[0], options.Positionals[1]);
        var (trusted, trustError) = TrustedKeySet.Load(trustedPath);
        var (bundle, readError) = BundleDirectory.Read(source);
        if (trusted is null || bundle is null)
        {
            await error.WriteLineAsync($"guardrail {Command}: " + (trustError ?? readError));
            return ArgumentErrors.ExitCode;
        }

        if (Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(deploy).TrimEnd(Path.DirectorySeparatorChar))
        {
            await error.WriteLineAsync($"guardrail {Command}: SHADOW and DEPLOY are the same directory");
            return ArgumentErrors.ExitCode;
        }

        long? serving = null;
        if (admin is not null)
        {
            var (status, problem) = await AdminClient.GetJsonAsync(admin, "admin/status", token);
            if (status is not { } s)
            {
                await error.WriteLineAsync($"guardrail {Command}: {problem}");
                return 1;
            }

            serving = s.GetProperty("revision").ValueKind == JsonValueKind.Number ? s.GetProperty("revision").GetInt64() : null;
            var digest = bundle.ManifestBytes is null ? "" : Convert.ToHexStringLower(SHA256.HashData(bundle.ManifestBytes));
            var shadow = s.GetProperty("shadow");
            var shadowing = shadow.TryGetProperty("manifest_sha256", out var m) ? m.GetString() : null;
            if (!string.Equals(shadowing, digest, StringComparison.Ordinal))
            {
                await output.WriteLineAsync($"refused: the proxy is not shadowing this bundle (it shadows {shadowing ?? "nothing"}, this manifest is {digest}); deploy it to the shadow directory and read 'policy shadow-report' first");
                return 1;
            }
        }

        var verdict = QuorumVerifier.VerifyBundle(bundle, trusted, required, serving, DateTimeOffset.UtcNow);
        if (!verdict.Accepted)
        {
            await output.WriteLineAsync($"refused ({verdict.Code}): {verdict.Reason}");
            return 1;
        }

        try
        {
            Copy(bundle, deploy);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"guardrail {Command}: cannot write {deploy}: {ex.Message}");
            return 1;
        }

        var revision = verdict.Manifest!.Revision;
        await output.WriteLineAsync($"revision {revision} (signed by {string.Join(", ", verdict.Signers)}) copied to {deploy}");
        return admin is null ? 0 : await WaitServingAsync(admin, token, revision, output);
    }

    /// <summary>Makes <paramref name="deploy"/> an exact copy of the bundle: each file by temp-and-rename, the manifest last.</summary>
    internal static void Copy(BundleDirectory bundle, string deploy)
    {
        Directory.CreateDirectory(deploy);
        foreach (var file in Directory.EnumerateFiles(deploy, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(deploy, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative != BundleManifest.FileName && !relative.Split('/').Any(p => p.StartsWith('.')) && !bundle.Files.ContainsKey(relative))
            {
                File.Delete(file);
            }
        }

        foreach (var (relative, bytes) in bundle.Files)
        {
            Write(Path.Combine(deploy, relative.Replace('/', Path.DirectorySeparatorChar)), bytes);
        }

        Write(Path.Combine(deploy, BundleManifest.FileName), bundle.ManifestBytes!);
    }

    private static void Write(string target, byte[] bytes)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);

        // A dot-file while written: the proxy ignores dot-files, so it never judges a half-written file.
        var temporary = Path.Combine(folder, "." + Path.GetFileName(target) + ".promote");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, target, overwrite: true);
    }

    private static async Task<int> WaitServingAsync(Uri admin, string token, long revision, TextWriter output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            var (status, _) = await AdminClient.GetJsonAsync(admin, "admin/status", token);
            if (status is not { } s)
            {
                continue;
            }

            if (s.GetProperty("revision").ValueKind == JsonValueKind.Number && s.GetProperty("revision").GetInt64() == revision)
            {
                await output.WriteLineAsync($"serving revision {revision}");
                return 0;
            }

            if (s.GetProperty("rejected_since_applied").GetBoolean() && s.GetProperty("last_rejection") is { ValueKind: JsonValueKind.Object } rejection
                && rejection.GetProperty("revision").ValueKind == JsonValueKind.Number && rejection.GetProperty("revision").GetInt64() == revision)
            {
                await output.WriteLineAsync($"the proxy refused revision {revision} ({rejection.GetProperty("code").GetString()}): {rejection.GetProperty("reason").GetString()}");
                return 1;
            }
        }

        await output.WriteLineAsync($"revision {revision} is not serving after 15 s; see 'guardrail policy status'");
        return 1;
    }
}
