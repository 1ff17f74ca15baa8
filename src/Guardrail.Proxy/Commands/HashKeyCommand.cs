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
        string? key;
        if (args.Length == 1 && args[0] == "--new")
        {
            key = "gr-" + Base64Url(RandomNumberGenerator.GetBytes(32));
            await output.WriteLineAsync("key:  " + key);
            await output.WriteLineAsync("hash: " + ApiKeyHash.Compute(key));
            return 0;
        }

        if (args.Length > 1 || (args.Length == 1 && args[0].StartsWith('-')))
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 64;
        }

        key = args.Length == 1 ? args[0] : (await input.ReadLineAsync())?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            await error.WriteLineAsync("No key given. Usage: " + Usage);
            return 64;
        }

        if (key.Length > ApiKeyHash.MaxKeyLength)
        {
            await error.WriteLineAsync($"Keys are at most {ApiKeyHash.MaxKeyLength} characters.");
            return 64;
        }

        await output.WriteLineAsync(ApiKeyHash.Compute(key).ToString());
        return 0;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
