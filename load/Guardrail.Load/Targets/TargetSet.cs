using Guardrail.Benchmarks;

namespace Guardrail.Load.Targets;

/// <summary>
/// The processes of one run: the scripted upstream, and as asked plain YARP and one or more Guardrail instances in
/// front of it (several share a redis-server this set starts on a free loopback port). Disposing stops them all.
/// </summary>
internal sealed class TargetSet : IAsyncDisposable
{
    private readonly List<ChildProcess> _guardrails = [];
    private RedisProcess? _redis;

    private TargetSet(ChildProcess upstream)
    {
        Upstream = upstream;
    }

    public ChildProcess Upstream { get; }

    public ChildProcess? PlainYarp { get; private set; }

    public IReadOnlyList<ChildProcess> Guardrails => _guardrails;

    public string? RedisAddress => _redis?.ConnectionString;

    /// <summary>The process a target's requests go to (for <see cref="TargetKind.Guardrail"/>, the first instance).</summary>
    public ChildProcess For(TargetKind kind) => kind switch
    {
        TargetKind.Direct => Upstream,
        TargetKind.PlainYarp => PlainYarp ?? throw new InvalidOperationException("plain YARP was not started"),
        _ => _guardrails.Count > 0 ? _guardrails[0] : throw new InvalidOperationException("Guardrail was not started"),
    };

    /// <summary>Starts the upstream, then plain YARP when asked, then <paramref name="guardrails"/> Guardrail instances.</summary>
    public static async Task<(TargetSet? Set, string? Error)> StartAsync(
        TargetSettings settings, bool plainYarp, int guardrails, string work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(work);
        var (upstream, error) = await ChildProcess.StartAsync("upstream", "upstream",
            ["--token-rate", settings.TokenRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tokens", settings.Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            work, settings.StartTimeout, cancellationToken);
        if (upstream is null)
        {
            return (null, error);
        }

        var set = new TargetSet(upstream);
        try
        {
            if (plainYarp)
            {
                var (plain, plainError) = await ChildProcess.StartAsync("plain-yarp", "plain-yarp", ["--upstream", upstream.Address.ToString()], work, settings.StartTimeout, cancellationToken);
                if (plain is null)
                {
                    await set.DisposeAsync();
                    return (null, plainError);
                }

                set.PlainYarp = plain;
            }

            if (guardrails > 1)
            {
                set._redis = RedisProcess.Start();
            }

            // A folder of its own: the processes' logs go to the work folder, and Guardrail watches the tenants
            // file's folder, so a log beside it would wake the watcher on every line (a cost plain YARP never pays).
            var tenants = Path.Combine(Directory.CreateDirectory(Path.Combine(work, "tenants")).FullName, "tenants.yaml");
            await File.WriteAllTextAsync(tenants, settings.Tenants, cancellationToken);
            for (var i = 0; i < guardrails; i++)
            {
                // The scripted upstream takes its script from a request header, which Guardrail's forwarded-header
                // allow-list drops unless it is named.
                List<string> args = ["--urls", "http://127.0.0.1:0", "--upstream", upstream.Address.ToString(), "--policy", settings.PolicyDirectory, "--tenants", tenants,
                    "--Guardrail:ForwardHeaders=x-load-script"];
                if (set._redis is { } redis)
                {
                    args.AddRange(["--redis", redis.ConnectionString]);
                }

                args.AddRange(settings.GuardrailArgs);
                var name = guardrails > 1 ? "guardrail-" + (i + 1) : "guardrail";
                var (guard, guardError) = await ChildProcess.StartAsync("guardrail", name, args, work, settings.StartTimeout, cancellationToken);
                if (guard is null)
                {
                    await set.DisposeAsync();
                    return (null, guardError);
                }

                set._guardrails.Add(guard);
            }

            return (set, null);
        }
        catch (InvalidOperationException ex)
        {
            // redis-server missing or not starting: an outcome, with the reason, not a crash.
            await set.DisposeAsync();
            return (null, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var guard in _guardrails)
        {
            await guard.DisposeAsync();
        }

        if (PlainYarp is { } plain)
        {
            await plain.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        _redis?.Dispose();
    }
}
