using Guardrail.Filters.Audit;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail audit verify FILE [--key PUB]</c>: checks the hash chain of an audit trail (with its rotated files)
/// and, with the proxy's public key, every checkpoint signature. Exit 0 intact, 1 tampered (naming the first bad
/// record), 2 a bad command line.
/// </summary>
internal static class AuditCommand
{
    public const string Usage = """
        Usage:
          guardrail audit verify FILE [--key PUB]   FILE is the live log; FILE.000001, ... (rotated) are checked first, in order
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0] != "verify")
        {
            if (args.Length > 0 && ArgumentErrors.IsHelp(args[0]))
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }

            await error.WriteLineAsync(ArgumentErrors.Other("audit", args.Length == 0 ? "a subcommand is required (verify)" : $"unknown subcommand '{args[0]}' (expected verify)"));
            return ArgumentErrors.ExitCode;
        }

        var parsed = PolicyArguments.Parse("audit verify", args[1..], ["--key"], [], 1, 1);
        if (await PolicyArguments.StopAsync(parsed, Usage, output, error) is { } code)
        {
            return code;
        }

        Filters.ChangeControl.TrustedKey? key = null;
        if (parsed.Options!.Value("--key") is { } keyPath)
        {
            var (loaded, problem) = PolicyCommand.ReadPublicKey(keyPath);
            if (loaded is null)
            {
                await error.WriteLineAsync("guardrail audit verify: " + problem);
                return ArgumentErrors.ExitCode;
            }

            key = loaded;
        }

        var files = AuditChain.FilesOf(parsed.Options!.Positionals[0]);
        AuditVerification result;
        try
        {
            result = AuditVerifier.Verify(files, key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("guardrail audit verify: " + ex.Message);
            return ArgumentErrors.ExitCode;
        }

        if (!result.Intact)
        {
            await output.WriteLineAsync($"TAMPERED: first bad record {result.FirstBad}: {result.Reason} ({result.Records} good records before it)");
            return 1;
        }

        await output.WriteLineAsync($"ok: {result.Records} records in {files.Count} file(s), {result.SignedCheckpoints} signed checkpoint(s); {result.Reason}");
        return 0;
    }
}
