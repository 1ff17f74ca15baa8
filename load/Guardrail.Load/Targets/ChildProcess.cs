using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Guardrail.Load.Targets;

/// <summary>
/// A target served by a child process of this runner (<see cref="RoleHost"/>): its address, its CPU time as the
/// operating system counts it, and the samples it reports once a second.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<ProcessSample> _samples = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string name, string logPath)
    {
        _process = process;
        Name = name;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public int Id => _process.Id;

    /// <summary>User plus system CPU time of the process so far, as <c>/proc/PID/stat</c> counts it.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public ProcessSample? Latest
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count == 0 ? null : _samples[^1];
            }
        }
    }

    /// <summary>The samples taken between two moments of the child's own clock (seconds since it began serving).</summary>
    public IReadOnlyList<ProcessSample> Samples(double fromSeconds = 0, double toSeconds = double.MaxValue)
    {
        lock (_lock)
        {
            return _samples.Where(s => s.Seconds >= fromSeconds && s.Seconds <= toSeconds).ToList();
        }
    }

    /// <summary>
    /// Starts a role and waits until it listens (and, for a proxy, answers <c>/readyz</c>). Null with the reason (and
    /// the tail of its log) when it does not start within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(ChildProcess? Child, string? Error)> StartAsync(
        string role, string name, IReadOnlyList<string> args, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var logPath = Path.Combine(workDirectory, name + ".log");
        var info = SelfStartInfo();
        foreach (var arg in new[] { "serve", role, logPath }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        // The shipped proxy (and plain YARP, both Web SDK projects) run with the server GC: so do their stand-ins.
        info.Environment["DOTNET_gcServer"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info);
        if (process is null)
        {
            return (null, $"{name}: could not start {info.FileName}");
        }

        var child = new ChildProcess(process, name, logPath);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            var address = await child._ready.Task.WaitAsync(wait.Token);
            child.Address = new Uri(address);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                // Guardrail answers /readyz only once its policy and encoder are loaded.
                try
                {
                    using var response = await http.GetAsync(new Uri(child.Address, "readyz"), wait.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return (child, null);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100, wait.Token);
            }
        }
        catch (OperationCanceledException)
        {
            var tail = File.Exists(logPath) ? string.Join('\n', (await ReadShared(logPath)).Split('\n').TakeLast(10)) : "(no log)";
            await child.DisposeAsync();
            return (null, $"{name} did not become ready within {timeout.TotalSeconds:0} s; log tail:\n{tail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing standard input asks the role to stop; it is killed if it has not within 5 s.
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started or has gone already.
        }

        _process.Dispose();
    }

    private static ProcessStartInfo SelfStartInfo()
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Under `dotnet Guardrail.Load.dll` the process is the dotnet host: the child needs the assembly named.
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        return info;
    }

    private static async Task<string> ReadShared(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _ready.TrySetCanceled();
            return;
        }

        if (line.StartsWith(RoleHost.ReadyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[RoleHost.ReadyPrefix.Length..].Trim());
        }
        else if (line.StartsWith(RoleHost.StatsPrefix, StringComparison.Ordinal))
        {
            try
            {
                var sample = JsonSerializer.Deserialize<ProcessSample>(line.AsSpan(RoleHost.StatsPrefix.Length), Json);
                if (sample is not null)
                {
                    lock (_lock)
                    {
                        _samples.Add(sample);
                    }
                }
            }
            catch (JsonException)
            {
                // A torn line: the next second brings another.
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (pid {Id}) at {Address}");
}
