using System.Globalization;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail policy …</c>: keys, bundles and signatures for change control (see README, "Change control").
/// Exit codes: 0 success, 1 a verification that failed, 2 a bad command line or unusable input.
/// </summary>
internal static class PolicyCommand
{
    public const string Usage = """
        Usage:
          guardrail policy keygen --out KEY                       ECDSA P-256 key pair: KEY (private, 0600) and KEY.pub
          guardrail policy trust --out FILE PUB [PUB...]          a trusted-keys file listing the given public keys (unsigned)
          guardrail policy bundle DIR --revision N [--expires TIME|DAYSd]
                                                                  write DIR/bundle.json: SHA-256 of every file, revision, times
          guardrail policy sign DIR|TRUSTED --key KEY             add one signature (the content is never edited)
          guardrail policy verify DIR --trusted FILE [--required N] [--serving-revision N]
                                                                  check files, signatures and quorum as the proxy does (exit 1 if not)
          guardrail policy diff OLD NEW                           what would change in behaviour between two policy directories
          guardrail policy rollback --admin URL [--token-env NAME]
                                                                  ask a running proxy to re-apply its previous good revision
          guardrail policy status --admin URL [--token-env NAME]  the serving revision, signers, last rejection, shadow statistics
          guardrail policy shadow-report (--audit FILE [--key PUB] | --admin URL [--token-env NAME]) [--revision N] [--samples N]
                                                                  what the shadow candidate would have decided differently
          guardrail policy promote SHADOW DEPLOY --trusted FILE [--required N] [--admin URL [--token-env NAME]]
                                                                  deploy the shadowed candidate as the live bundle (checks it is the one measured)
        """;

    private const string Command = "policy";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        Subcommands.RunAsync(Command, Usage, args,
        [
            ("keygen", rest => Subcommands.KeygenAsync("policy keygen", Usage, rest, CreateKey, output, error)),
            ("trust", rest => TrustAsync(rest, output, error)),
            ("bundle", rest => BundleAsync(rest, output, error)),
            ("sign", rest => SignAsync(rest, output, error)),
            ("verify", rest => VerifyAsync(rest, output, error)),
            ("diff", rest => PolicyDiff.RunAsync(rest, output, error)),
            ("rollback", rest => AdminClient.RunAsync("policy rollback", rest, post: true, output, error)),
            ("status", rest => AdminClient.RunAsync("policy status", rest, post: false, output, error)),
            ("shadow-report", rest => ShadowReport.RunAsync(rest, output, error)),
            ("promote", rest => PromoteCommand.RunAsync(rest, output, error)),
        ], output, error);

    private static string CreateKey(string path)
    {
        using var key = SigningKey.Create();
        key.Save(path);
        return $"key id {key.KeyId}: private key {path}, public key {path}.pub";
    }

    private static async Task<int> TrustAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("policy trust", args, ["--out"], [], 1, int.MaxValue);
        if (await Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        if (parsed.Options!.Value("--out") is not { } path)
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue("policy trust", "--out"));
            return ArgumentErrors.ExitCode;
        }

        var keys = new List<TrustedKey>();
        foreach (var file in parsed.Options.Positionals)
        {
            var (key, problem) = ReadPublicKey(file);
            if (key is null)
            {
                await error.WriteLineAsync("guardrail policy trust: " + problem);
                return ArgumentErrors.ExitCode;
            }

            keys.Add(key);
        }

        var set = TrustedKeySet.Create(keys);
        await File.WriteAllBytesAsync(path, set.ToFileBytes());
        await output.WriteLineAsync($"{path}: {set.Keys.Count} keys ({string.Join(", ", set.Keys.Select(k => k.KeyId))}); sign it with 'guardrail policy sign {path} --key KEY' before it replaces a file in force");
        return 0;
    }

    private static async Task<int> BundleAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("policy bundle", args, ["--revision", "--expires"], [], 1, 1);
        if (await Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        var options = parsed.Options!;
        if (!long.TryParse(options.Value("--revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision < 1)
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue("policy bundle", "--revision", options.Value("--revision") ?? "", "a positive integer, higher than the serving revision"));
            return ArgumentErrors.ExitCode;
        }

        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? expires = null;
        if (options.Value("--expires") is { } text)
        {
            expires = ParseExpiry(text, now);
            if (expires is null)
            {
                await error.WriteLineAsync(ArgumentErrors.BadValue("policy bundle", "--expires", text, "an ISO 8601 time or a number of days such as 30d"));
                return ArgumentErrors.ExitCode;
            }
        }

        var (bundle, problem) = BundleDirectory.Read(options.Positionals[0]);
        if (bundle is null)
        {
            await error.WriteLineAsync("guardrail policy bundle: " + problem);
            return ArgumentErrors.ExitCode;
        }

        var manifest = new BundleManifest { Revision = revision, Created = now, Expires = expires, Files = bundle.Digests() };
        await File.WriteAllBytesAsync(Path.Combine(bundle.Root, BundleManifest.FileName), manifest.ToFileBytes());
        await output.WriteLineAsync($"{Path.Combine(bundle.Root, BundleManifest.FileName)}: revision {revision}, {manifest.Files.Count} files, unsigned");
        return 0;
    }

    private static async Task<int> SignAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("policy sign", args, ["--key"], [], 1, 1);
        if (await Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        if (parsed.Options!.Value("--key") is not { } keyPath)
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue("policy sign", "--key"));
            return ArgumentErrors.ExitCode;
        }

        var (key, keyError) = SigningKey.Load(keyPath);
        if (key is null)
        {
            await error.WriteLineAsync("guardrail policy sign: " + keyError);
            return ArgumentErrors.ExitCode;
        }

        using (key)
        {
            var target = parsed.Options.Positionals[0];
            return Directory.Exists(target)
                ? await SignBundleAsync(target, key, output, error)
                : await SignKeySetAsync(target, key, output, error);
        }
    }

    private static async Task<int> SignBundleAsync(string directory, SigningKey key, TextWriter output, TextWriter error)
    {
        var (bundle, problem) = BundleDirectory.Read(directory);
        if (bundle?.ManifestBytes is null)
        {
            await error.WriteLineAsync("guardrail policy sign: " + (problem ?? $"no {BundleManifest.FileName} in {directory}; run 'guardrail policy bundle' first"));
            return ArgumentErrors.ExitCode;
        }

        var (manifest, parseError) = BundleManifest.Parse(bundle.ManifestBytes);
        if (manifest is null)
        {
            await error.WriteLineAsync("guardrail policy sign: " + parseError);
            return ArgumentErrors.ExitCode;
        }

        // A signer vouches for the bytes in front of them: refuse to sign a manifest that does not describe them.
        var digests = bundle.Digests();
        if (!digests.OrderBy(d => d.Key, StringComparer.Ordinal).SequenceEqual(manifest.Files.OrderBy(d => d.Key, StringComparer.Ordinal)))
        {
            await error.WriteLineAsync("guardrail policy sign: the files do not match the manifest (changed, added or removed since 'policy bundle'); review and re-bundle");
            return 1;
        }

        if (manifest.Signatures.Any(s => s.KeyId == key.KeyId))
        {
            await error.WriteLineAsync($"guardrail policy sign: {key.KeyId} has already signed revision {manifest.Revision}; a second signature must come from another key");
            return 1;
        }

        var signed = manifest with { Signatures = [.. manifest.Signatures, new BundleSignature(key.KeyId, key.Sign(manifest.CanonicalBytes()))] };
        await File.WriteAllBytesAsync(Path.Combine(bundle.Root, BundleManifest.FileName), signed.ToFileBytes());
        await output.WriteLineAsync($"revision {manifest.Revision} signed by {key.KeyId} ({signed.Signatures.Count} signature(s))");
        return 0;
    }

    private static async Task<int> SignKeySetAsync(string path, SigningKey key, TextWriter output, TextWriter error)
    {
        var (set, problem) = TrustedKeySet.Load(path);
        if (set is null)
        {
            await error.WriteLineAsync("guardrail policy sign: " + problem);
            return ArgumentErrors.ExitCode;
        }

        if (set.Signatures.Any(s => s.KeyId == key.KeyId))
        {
            await error.WriteLineAsync($"guardrail policy sign: {key.KeyId} has already signed {path}");
            return 1;
        }

        var signed = set.WithSignature(new BundleSignature(key.KeyId, key.Sign(set.CanonicalBytes())));
        await File.WriteAllBytesAsync(path, signed.ToFileBytes());
        await output.WriteLineAsync($"{path} signed by {key.KeyId} ({signed.Signatures.Count} signature(s))");
        return 0;
    }

    private static async Task<int> VerifyAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("policy verify", args, ["--trusted", "--required", "--serving-revision"], [], 1, 1);
        if (await Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        var options = parsed.Options!;
        if (options.Value("--trusted") is not { } trustedPath)
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue("policy verify", "--trusted"));
            return ArgumentErrors.ExitCode;
        }

        var required = 2;
        if (options.Value("--required") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out required) || required < 1))
        {
            await error.WriteLineAsync(ArgumentErrors.BadValue("policy verify", "--required", r, "a positive integer"));
            return ArgumentErrors.ExitCode;
        }

        long? serving = null;
        if (options.Value("--serving-revision") is { } s)
        {
            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                await error.WriteLineAsync(ArgumentErrors.BadValue("policy verify", "--serving-revision", s, "a revision number"));
                return ArgumentErrors.ExitCode;
            }

            serving = value;
        }

        var (trusted, trustError) = TrustedKeySet.Load(trustedPath);
        var (bundle, readError) = BundleDirectory.Read(options.Positionals[0]);
        if (trusted is null || bundle is null)
        {
            await error.WriteLineAsync("guardrail policy verify: " + (trustError ?? readError));
            return ArgumentErrors.ExitCode;
        }

        var verdict = QuorumVerifier.VerifyBundle(bundle, trusted, required, serving, DateTimeOffset.UtcNow);
        if (!verdict.Accepted)
        {
            await output.WriteLineAsync($"rejected ({verdict.Code}): {verdict.Reason}");
            return 1;
        }

        await output.WriteLineAsync($"ok: revision {verdict.Manifest!.Revision}, {verdict.Manifest.Files.Count} files, signed by {string.Join(", ", verdict.Signers)}");
        return 0;
    }

    internal static (TrustedKey? Key, string? Error) ReadPublicKey(string path)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            var (key, problem) = TrustedKey.FromJson(document.RootElement);
            return key is null ? (null, $"{path}: {problem}") : (key, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return (null, $"cannot read public key {path}: {ex.Message}");
        }
    }

    private static DateTimeOffset? ParseExpiry(string text, DateTimeOffset now)
    {
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return now.AddDays(days);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>Prints a parse error (exit 2) or the usage (exit 0); null to go on.</summary>
    internal static Task<int?> Failed(ParseResult<PolicyArguments> parsed, TextWriter error, TextWriter output) =>
        PolicyArguments.StopAsync(parsed, Usage, output, error);
}
