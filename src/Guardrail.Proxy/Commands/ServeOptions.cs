using System.Reflection;
using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// The parsed command line of <c>guardrail serve</c>. Every option is known or refused: a typo such as
/// <c>--upstrem</c> must not leave a deployment quietly misconfigured. The friendly options are turned into the
/// configuration keys they stand for (<c>--upstream URL</c> is <c>Guardrail:Upstream</c>), and any configuration key
/// can be set directly as <c>--Section:Key=value</c> (<c>--Logging:LogLevel:Default=Warning</c>); keys of the
/// <c>Guardrail</c> section are checked against the settings that exist.
/// </summary>
internal sealed record ServeOptions
{
    /// <summary>The options with a value, and the configuration key each one sets.</summary>
    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--urls"] = "urls",
        ["--upstream"] = ProxySettings.SectionName + ":" + nameof(ProxySettings.Upstream),
        ["--upstream-key"] = ProxySettings.SectionName + ":" + nameof(ProxySettings.UpstreamKey),
        ["--policy"] = ProxySettings.SectionName + ":" + nameof(ProxySettings.Policy),
        ["--tenants"] = ProxySettings.SectionName + ":" + nameof(ProxySettings.Tenants),
        ["--redis"] = ProxySettings.SectionName + ":" + nameof(ProxySettings.Redis),
        ["--environment"] = "environment",
    };

    private static readonly string[] Flags = ["--demo", "--help", "-h", "--version"];

    /// <summary>The settings of the <c>Guardrail</c> section, by name (configuration keys are case-insensitive).</summary>
    private static readonly HashSet<string> GuardrailKeys = typeof(ProxySettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings of the <c>Guardrail:ChangeControl</c> section (change control), by name.</summary>
    private static readonly HashSet<string> ChangeControlKeys = typeof(ChangeControl.ChangeControlSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings of the <c>Guardrail:Telemetry</c> section (metrics and traces), by name.</summary>
    private static readonly HashSet<string> TelemetryKeys = typeof(Telemetry.TelemetrySettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>--help</c> or <c>-h</c>: print the usage and exit.</summary>
    public bool Help { get; init; }

    /// <summary><c>--version</c>: print the version and exit.</summary>
    public bool Version { get; init; }

    /// <summary>The command line as configuration, every entry <c>--Key=value</c>, for the host's builder.</summary>
    public IReadOnlyList<string> ConfigurationArgs { get; init; } = [];

    /// <summary>Every option <c>serve</c> knows, for the usage text and typo suggestions.</summary>
    public static IEnumerable<string> Known => ValueOptions.Keys.Concat(Flags);

    public static ParseResult<ServeOptions> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var config = new List<string>(args.Count);
        var help = false;
        var version = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (ArgumentErrors.IsHelp(arg))
                {
                    help = true;
                    continue;
                }

                return ParseResult<ServeOptions>.Fail(arg.StartsWith('-')
                    ? ArgumentErrors.UnknownOption("", arg, Known)
                    : ArgumentErrors.Unexpected("", arg));
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var inline = equals < 0 ? null : arg[(equals + 1)..];
            switch (name)
            {
                case "--help":
                    help = true;
                    continue;
                case "--version":
                    version = true;
                    continue;
                case "--demo":
                    if (inline is not null && !bool.TryParse(inline, out _))
                    {
                        return ParseResult<ServeOptions>.Fail(ArgumentErrors.BadValue("", name, inline, "true or false"));
                    }

                    config.Add($"--{ProxySettings.SectionName}:{nameof(ProxySettings.Demo)}={inline ?? "true"}");
                    continue;
            }

            string key;
            if (ValueOptions.TryGetValue(name, out var mapped))
            {
                key = mapped;
            }
            else if (name.Contains(':', StringComparison.Ordinal) && name.Length > 3)
            {
                // A configuration key. Within our own section a misspelt key would be ignored by the binder just as
                // a misspelt option would, so it is checked too.
                key = name[2..];
                var segments = key.Split(':');
                if (string.Equals(segments[0], ProxySettings.SectionName, StringComparison.OrdinalIgnoreCase)
                    && (segments.Length != 2 || !GuardrailKeys.Contains(segments[1]))
                    && !IsChangeControlKey(segments))
                {
                    return ParseResult<ServeOptions>.Fail(ArgumentErrors.UnknownOption("", name,
                        GuardrailKeys.Select(k => $"--{ProxySettings.SectionName}:{k}").Concat(Known)));
                }
            }
            else
            {
                return ParseResult<ServeOptions>.Fail(ArgumentErrors.UnknownOption("", name, Known));
            }

            var value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return ParseResult<ServeOptions>.Fail(ArgumentErrors.MissingValue("", name));
                }

                value = args[++i];
            }

            if (Validate(name, value) is { } error)
            {
                return ParseResult<ServeOptions>.Fail(error);
            }

            config.Add($"--{key}={value}");
        }

        return ParseResult<ServeOptions>.Ok(new ServeOptions { Help = help, Version = version, ConfigurationArgs = config });
    }

    /// <summary>Whether <paramref name="value"/> is an absolute http or https URL (the scheme YARP and Kestrel take).</summary>
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    private static string? Validate(string name, string value)
    {
        switch (name)
        {
            case "--upstream" when !IsHttpUrl(value):
                return ArgumentErrors.BadValue("", name, value, "an http:// or https:// URL such as http://127.0.0.1:8000/");
            case "--urls":
                foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    // Kestrel also takes the wildcard hosts * and + (every interface).
                    if (!IsHttpUrl(url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)))
                    {
                        return ArgumentErrors.BadValue("", name, value, "http:// or https:// URLs separated by ';', such as http://127.0.0.1:8080");
                    }
                }

                return value.Trim().Length == 0 ? ArgumentErrors.BadValue("", name, value, "a URL such as http://127.0.0.1:8080") : null;
            case "--upstream-key" or "--policy" or "--tenants" or "--redis" when string.IsNullOrWhiteSpace(value):
                return ArgumentErrors.MissingValue("", name);
            default:
                return null;
        }
    }

    private static bool IsChangeControlKey(string[] segments) =>
        segments.Length == 3
        && ((string.Equals(segments[1], nameof(ProxySettings.ChangeControl), StringComparison.OrdinalIgnoreCase) && ChangeControlKeys.Contains(segments[2]))
            || (string.Equals(segments[1], nameof(ProxySettings.Telemetry), StringComparison.OrdinalIgnoreCase) && TelemetryKeys.Contains(segments[2])));
}
