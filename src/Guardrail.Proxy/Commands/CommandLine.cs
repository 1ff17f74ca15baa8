using System.Reflection;
using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// Dispatches the first argument to a command; <c>serve</c> when there is none (or it is an option). Exit codes:
/// 0 success, 1 a failure at run time (a busy port, a failed check), 2 a bad command line or a
/// configuration that cannot work.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage:
          guardrail [serve] (--upstream URL | --demo) [options]
          guardrail hash-key [KEY | --new]
          guardrail policy keygen|trust|bundle|sign|verify|diff|rollback|status|shadow-report|promote ...   (policy --help)
          guardrail audit verify FILE [--key PUB]
          guardrail capture keygen|decrypt|purge ...   (capture --help)
          guardrail --help | --version           (COMMAND --help for one command)

        serve options:
          --upstream URL           the model server the default routes forward to (Guardrail__Upstream)
          --demo                   serve the built-in demo model instead; loopback clients get no strikes
          --urls URL[;URL]         listen address (ASPNETCORE_URLS), default http://127.0.0.1:8080
          --policy FILE|DIR        policy file or directory (Guardrail__Policy), default ./policies
          --tenants FILE           keys, limits and strikes (Guardrail__Tenants), default tenants/tenants.yaml beside the policies
          --upstream-key NAME      configuration key or environment variable holding the provider key to inject
          --redis CONNECTION       share limits and strikes through Redis (Guardrail__Redis)
          --environment NAME       ASP.NET Core environment (loads appsettings.NAME.json)
          --Guardrail:ChangeControl:TrustedKeys=FILE   signed bundles only (with ...:AuditLog=FILE; see README "Change control")
          --Guardrail:ChangeControl:ShadowDirectory=DIR  a signed candidate measured beside the live bundle (shadow policy)
          --Guardrail:ChangeControl:CaptureKey=FILE.pub  capture blocked text encrypted to this key (with ...:CaptureDirectory=DIR)
          --Guardrail:ChangeControl:AdminKey=NAME      admin listener (/metrics, /console) with the key in NAME
          --Guardrail:Telemetry:OtlpEndpoint=URL       push metrics and traces over OTLP
          --Section:Key=VALUE      any configuration key, e.g. --Guardrail:UpstreamTimeoutSeconds=60,
                                   --Guardrail:AllowAnonymous=false, --Logging:LogLevel:Default=Warning

        Without --upstream, --demo or a ReverseProxy section (appsettings.json), serve does not start.

        eval, train and corpus are not part of the proxy: run them from the repository with
          dotnet run -c Release --project tools/Guardrail.Training -- eval|train|corpus ...
        """;

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var named = args.Length > 0 && !args[0].StartsWith('-');
        var command = named ? args[0] : "serve";
        var rest = named ? args[1..] : args;
        switch (command)
        {
            case "serve":
                return await ServeAsync(rest, output, error);
            case "hash-key":
                return await HashKeyCommand.RunAsync(rest, Console.In, output, error);
            case "eval" or "train" or "corpus":
                await error.WriteLineAsync(MovedToTrainingTool(command));
                return ArgumentErrors.ExitCode;
            case "policy":
                return await PolicyCommand.RunAsync(rest, output, error);
            case "audit":
                return await AuditCommand.RunAsync(rest, output, error);
            case "capture":
                return await CaptureCommand.RunAsync(rest, output, error);
            case "help":
                await output.WriteLineAsync(Usage);
                return 0;
            default:
                await error.WriteLineAsync(ArgumentErrors.UnknownOption("", command, ["serve", "hash-key", "policy", "audit", "capture", "help"])
                    .Replace("unknown option", "unknown command", StringComparison.Ordinal));
                return ArgumentErrors.ExitCode;
        }
    }

    /// <summary>
    /// The one line for <c>guardrail eval|train|corpus</c>: the deployed proxy carries no training code or corpus
    /// generator (the generator holds harmful phrasings), so the command is refused with where it went instead.
    /// </summary>
    public static string MovedToTrainingTool(string command) =>
        $"guardrail {command}: {command} is not part of the proxy; it moved to the training tool: run it from the repository with "
        + $"'dotnet run -c Release --project tools/Guardrail.Training -- {command} ...'";

    /// <summary>The product version: the assembly's informational version (with the commit when the build records one).</summary>
    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static async Task<int> ServeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = ServeOptions.Parse(args);
        if (parsed.Options is not { } options)
        {
            await error.WriteLineAsync(parsed.Error);
            return ArgumentErrors.ExitCode;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (options.Version)
        {
            await output.WriteLineAsync("guardrail " + Version);
            return 0;
        }

        var outcome = await ProxyApp.TryStartAsync(options.ConfigurationArgs);
        if (outcome.App is not { } app)
        {
            await error.WriteLineAsync(outcome.Error);
            return outcome.ExitCode;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync();
        }

        return 0;
    }
}
