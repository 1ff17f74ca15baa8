using System.Globalization;
using Guardrail.Load.Engine;

namespace Guardrail.Load;

/// <summary>
/// The live progress line: once a second, on one line rewritten in place on a terminal, or every five seconds as
/// plain lines when the output is a file or a CI log.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _terminal = !Console.IsOutputRedirected;

    public ProgressLine(string label, PhaseRunner runner, Func<string> phase, TimeSpan planned)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_terminal ? 1 : 5));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    if (runner.Current is not { } recorder)
                    {
                        continue;
                    }

                    Write(Format(label, phase(), recorder, runner.InFlight, planned));
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
    }

    /// <summary>One progress line (without the carriage return): what the runner has done so far in the phase.</summary>
    public static string Format(string label, string phase, LoadRecorder recorder, int inFlight, TimeSpan planned)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var latency = recorder.Latency.Summarize();
        return string.Create(CultureInfo.InvariantCulture,
            $"[{label} {phase}] sent {recorder.Started} ok {recorder.Ok} failed {recorder.Failed} dropped {recorder.DroppedTotal} in flight {inFlight} p50 {latency.At(50):0.##} ms p99 {latency.At(99):0.##} ms (planned {DurationText.Format(planned)})");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (_terminal)
        {
            Console.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
        }

        _stop.Dispose();
    }

    private void Write(string line)
    {
        if (_terminal)
        {
            var width = Math.Max(20, Console.WindowWidth - 1);
            Console.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        }
        else
        {
            Console.WriteLine(line);
        }
    }
}
