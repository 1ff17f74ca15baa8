namespace Guardrail.Proxy.Commands;

/// <summary>
/// What the commands that take a subcommand (<c>policy</c>, <c>capture</c>) share: the dispatch (no subcommand prints
/// the usage to stderr, exit 2; help prints it to stdout, exit 0; an unknown one is a one-line error naming the known
/// ones) and <c>keygen</c>, which never overwrites a key.
/// </summary>
internal static class Subcommands
{
    public static async Task<int> RunAsync(
        string command, string usage, string[] args, IReadOnlyList<(string Name, Func<string[], Task<int>> Run)> subcommands, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(subcommands);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || ArgumentErrors.IsHelp(args[0]))
        {
            await (args.Length == 0 ? error : output).WriteLineAsync(usage);
            return args.Length == 0 ? ArgumentErrors.ExitCode : 0;
        }

        foreach (var (name, run) in subcommands)
        {
            if (string.Equals(name, args[0], StringComparison.Ordinal))
            {
                return await run(args[1..]);
            }
        }

        await error.WriteLineAsync(ArgumentErrors.UnknownOption(command, args[0], subcommands.Select(s => s.Name))
            .Replace("unknown option", "unknown subcommand", StringComparison.Ordinal));
        return ArgumentErrors.ExitCode;
    }

    /// <summary>
    /// <c>COMMAND keygen --out PATH</c>: <paramref name="createAt"/> writes a new key pair at a path where neither file
    /// exists yet and returns the line to print.
    /// </summary>
    public static async Task<int> KeygenAsync(string command, string usage, string[] args, Func<string, string> createAt, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(createAt);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = PolicyArguments.Parse(command, args, ["--out"], [], 0, 0);
        if (await PolicyArguments.StopAsync(parsed, usage, output, error) is { } code)
        {
            return code;
        }

        if (parsed.Options!.KeygenTarget(command, out var refused) is not { } path)
        {
            await error.WriteLineAsync(refused);
            return ArgumentErrors.ExitCode;
        }

        await output.WriteLineAsync(createAt(path));
        return 0;
    }
}
