namespace Guardrail.Proxy.Commands;

/// <summary>
/// The one-line messages every command's parser gives for a bad command line, so they all read alike: what is
/// wrong, naming the option, and where to look (<c>--help</c>). Exit code <see cref="ExitCode"/>. The training tool
/// (tools/Guardrail.Training) compiles this file too, with its own <see cref="ProgramName"/> (ArgumentErrors.ProgramName.cs).
/// </summary>
internal static partial class ArgumentErrors
{
    /// <summary>The exit code of a bad command line (and of a configuration that cannot start).</summary>
    public const int ExitCode = 2;

    public static string UnknownOption(string command, string option, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var suggestion = Closest(option, known);
        var hint = suggestion is null ? "" : $" (did you mean {suggestion}?)";
        return $"{Prefix(command)}unknown option '{option}'{hint}; {HelpPointer(command)}";
    }

    public static string MissingValue(string command, string option) =>
        $"{Prefix(command)}option '{option}' needs a value; {HelpPointer(command)}";

    public static string BadValue(string command, string option, string value, string expected) =>
        $"{Prefix(command)}option '{option}' has a bad value '{value}': expected {expected}; {HelpPointer(command)}";

    public static string Unexpected(string command, string argument) =>
        $"{Prefix(command)}unexpected argument '{argument}'; {HelpPointer(command)}";

    public static string Other(string command, string message) => $"{Prefix(command)}{message}; {HelpPointer(command)}";

    public static string HelpPointer(string command) =>
        command.Length == 0 ? $"see '{ProgramName} --help'" : $"see '{ProgramName} {command} --help'";

    /// <summary>Whether <paramref name="argument"/> asks for help.</summary>
    public static bool IsHelp(string argument) => argument is "--help" or "-h" or "-?";

    private static string Prefix(string command) => command.Length == 0 ? $"{ProgramName}: " : $"{ProgramName} {command}: ";

    /// <summary>The known option a typo most likely meant: at most two edits away (case-insensitive), else none.</summary>
    private static string? Closest(string option, IEnumerable<string> known)
    {
        var name = option.Split('=', 2)[0];
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
