namespace Guardrail.Proxy.Commands;

/// <summary>
/// The strict parse of one <c>policy</c>/<c>audit</c> subcommand's arguments: positionals, options with a value, and
/// flags. Anything else is a one-line error (exit 2), like every other command.
/// </summary>
internal sealed class PolicyArguments
{
    private PolicyArguments(List<string> positionals, Dictionary<string, string> values, HashSet<string> flags, bool help)
    {
        Positionals = positionals;
        Values = values;
        Flags = flags;
        Help = help;
    }

    public IReadOnlyList<string> Positionals { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    public IReadOnlySet<string> Flags { get; }

    public bool Help { get; }

    public string? Value(string option) => Values.TryGetValue(option, out var value) ? value : null;

    /// <summary>
    /// Prints <paramref name="parsed"/>'s error (exit 2) or, when help was asked for, <paramref name="usage"/> (exit 0);
    /// null when the command goes on. One rule for every <c>policy</c>, <c>audit</c> and <c>capture</c> subcommand.
    /// </summary>
    public static async Task<int?> StopAsync(ParseResult<PolicyArguments> parsed, string usage, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (parsed.Options is null)
        {
            await error.WriteLineAsync(parsed.Error);
            return ArgumentErrors.ExitCode;
        }

        if (parsed.Options.Help)
        {
            await output.WriteLineAsync(usage);
            return 0;
        }

        return null;
    }

    public static ParseResult<PolicyArguments> Parse(
        string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions, int minPositionals, int maxPositionals)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positionals = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (ArgumentErrors.IsHelp(arg))
            {
                return ParseResult<PolicyArguments>.Ok(new PolicyArguments(positionals, values, flags, help: true));
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.StartsWith('-'))
                {
                    return ParseResult<PolicyArguments>.Fail(ArgumentErrors.UnknownOption(command, arg, [.. valueOptions, .. flagOptions]));
                }

                if (positionals.Count >= maxPositionals)
                {
                    return ParseResult<PolicyArguments>.Fail(ArgumentErrors.Unexpected(command, arg));
                }

                positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (flagOptions.Contains(name) && equals < 0)
            {
                flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                if (string.IsNullOrEmpty(value))
                {
                    return ParseResult<PolicyArguments>.Fail(ArgumentErrors.MissingValue(command, name));
                }

                values[name] = value;
            }
            else
            {
                return ParseResult<PolicyArguments>.Fail(ArgumentErrors.UnknownOption(command, name, [.. valueOptions, .. flagOptions]));
            }
        }

        return positionals.Count < minPositionals
            ? ParseResult<PolicyArguments>.Fail(ArgumentErrors.Other(command, minPositionals == 1 ? "a path is required" : $"{minPositionals} paths are required"))
            : ParseResult<PolicyArguments>.Ok(new PolicyArguments(positionals, values, flags, help: false));
    }

    /// <summary>
    /// The <c>--out</c> path of a keygen command (<paramref name="command"/>, e.g. <c>policy keygen</c>), or the error
    /// to print: the option is missing, or a key or its <c>.pub</c> is already there (a key is never overwritten).
    /// </summary>
    public string? KeygenTarget(string command, out string? error)
    {
        ArgumentNullException.ThrowIfNull(command);
        error = null;
        if (Value("--out") is not { } path)
        {
            error = ArgumentErrors.MissingValue(command, "--out");
            return null;
        }

        if (File.Exists(path) || File.Exists(path + ".pub"))
        {
            error = $"guardrail {command}: {path} or {path}.pub exists; a key is never overwritten";
            return null;
        }

        return path;
    }
}
