using Guardrail.PlainYarp;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Guardrail.Proxy.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Load.Targets;

/// <summary>
/// The child side of a target: <c>Guardrail.Load serve upstream|plain-yarp|guardrail LOGFILE ARGS...</c> serves one
/// role in a process of its own, so its CPU time is its own, as an operator would read it. It writes
/// <c>@@ready URL</c> once listening and <c>@@stats {json}</c> once a second to standard output, sends the host's
/// logs to LOGFILE (Guardrail's decision log stays on, at its shipped level, as in production), and stops when
/// standard input closes — so a runner that dies takes its children with it.
/// </summary>
internal static class RoleHost
{
    public const string ReadyPrefix = "@@ready ";
    public const string StatsPrefix = "@@stats ";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count < 2)
        {
            await Console.Error.WriteLineAsync("usage: serve upstream|plain-yarp|guardrail LOGFILE [ARGS...]");
            return 2;
        }

        var role = args[0];
        var rest = args.Skip(2).ToArray();
        var control = Console.Out;
        var log = new StreamWriter(args[1], append: false) { AutoFlush = false };
        Console.SetOut(log);
        Console.SetError(log);
        var stopwatch = Stopwatch.StartNew();

        IAsyncDisposable host;
        string address;
        switch (role)
        {
            case "upstream":
            {
                var app = new ScriptedUpstream(Double(rest, "--token-rate", 50), (int)Double(rest, "--tokens", 200)).Build("http://127.0.0.1:0");
                await app.StartAsync();
                (host, address) = (app, Address(app));
                break;
            }

            case "plain-yarp":
            {
                var app = PlainYarpHost.Build("http://127.0.0.1:0", Value(rest, "--upstream") ?? throw new InvalidOperationException("plain-yarp needs --upstream"));
                await app.StartAsync();
                (host, address) = (app, Address(app));
                break;
            }

            case "guardrail":
            {
                // The command line as `guardrail serve` takes it; what is wrong with it goes to the log, whose tail the
                // runner prints when a target does not come up.
                var parsed = Guardrail.Proxy.Commands.ServeOptions.Parse(rest);
                if (parsed.Options is not { } serve)
                {
                    Console.Out.WriteLine(parsed.Error);
                    Console.Out.Flush();
                    return 2;
                }

                var outcome = await ProxyApp.TryStartAsync(serve.ConfigurationArgs);
                if (outcome.App is not { } proxy)
                {
                    Console.Out.WriteLine(outcome.Error);
                    Console.Out.Flush();
                    return outcome.ExitCode;
                }

                (host, address) = (proxy, proxy.Address.ToString());
                break;
            }

            default:
                await Console.Error.WriteLineAsync($"unknown role {role}");
                return 2;
        }

        await control.WriteLineAsync(ReadyPrefix + address.TrimEnd('/') + "/");
        await control.FlushAsync();
        using var stop = new CancellationTokenSource();
        var stats = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var sample = ProcessProbe.Sample(stopwatch.Elapsed.TotalSeconds);
                    await control.WriteLineAsync(StatsPrefix + JsonSerializer.Serialize(sample, Json));
                    await control.FlushAsync();

                    // Through Console.Out: the synchronized writer the loggers write through.
                    Console.Out.Flush();
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });

        // Standard input closes when the runner stops this process or dies.
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        await stats;
        await host.DisposeAsync();
        Console.Out.Flush();
        await log.DisposeAsync();
        return 0;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Double(string[] args, string name, double fallback) =>
        double.TryParse(Value(args, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
