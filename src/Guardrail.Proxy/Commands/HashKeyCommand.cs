using System.Security.Cryptography;
using Guardrail.Filters.Identity;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail hash-key</c>: prints the <c>sha256:</c> line a client key takes in the tenants file. The key is read
/// from standard input (so it stays out of shell history and process lists) or given as an argument;
/// <c>--new</c> makes a fresh random key and prints it with its hash.
/// </summary>
internal static class HashKeyCommand
{
    public const string Usage = "guardrail hash-key [KEY | --new]   (no KEY: reads the key from standard input)";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? key = null;
        var fresh = false;
        foreach (var arg in args)
        {
            if (ArgumentErrors.IsHelp(arg))
            {
                await output.WriteLineAsync("Usage: " + Usage);
                return 0;
            }

            if (arg == "--new")
            {
                fresh = true;
            }
            else if (arg.StartsWith('-'))
            {
                await error.WriteLineAsync(ArgumentErrors.UnknownOption("hash-key", arg, ["--new", "--help"]));
                return ArgumentErrors.ExitCode;
            }
            else if (key is null)
            {
                key = arg;
            }
            else
            {
                await error.WriteLineAsync(ArgumentErrors.Unexpected("hash-key", arg));
                return ArgumentErrors.ExitCode;
            }
        }

        if (fresh)
        {
            if (key is not null)
            {
                await error.WriteLineAsync(ArgumentErrors.Other("hash-key", "--new makes a key; give either KEY or --new"));
                return ArgumentErrors.ExitCode;
            }

            key = "gr-" + Base64Url(RandomNumberGenerator.GetBytes(32));
            await output.WriteLineAsync("key:  " + key);
            await output.WriteLineAsync("hash: " + ApiKeyHash.Compute(key));
            return 0;
        }

        key ??= (await input.ReadLineAsync())?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            await error.WriteLineAsync("guardrail hash-key: no key given. Usage: " + Usage);
            return ArgumentErrors.ExitCode;
        }

        if (key.Length > ApiKeyHash.MaxKeyLength)
        {
            await error.WriteLineAsync($"guardrail hash-key: keys are at most {ApiKeyHash.MaxKeyLength} characters.");
            return ArgumentErrors.ExitCode;
        }

        await output.WriteLineAsync(ApiKeyHash.Compute(key).ToString());
        return 0;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
