using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Normalization;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Guardrail.Benchmarks -- stages [chat|science] [N]</c>: the cost of each stage
/// of one request's screening, run stage by stage over N fresh requests (every text new, as in bench/fresh-chat.lua, so
/// no verdict cache answers), with the shipped policy and the encoder loaded. Microseconds per request, mean over N,
/// the best of three passes after an uncounted warm-up pass (the box is shared); beside the wall time, the process's CPU time (user + system, all
/// threads, so GC work is in it; <see cref="Environment.CpuUsage"/>), which a busy box's preemption does not inflate
/// the way it does the wall clock. Forwarding itself is plain YARP's cost (bench/proxy-vs-yarp.sh).
/// </summary>
internal static class StageCostProbe
{
    private const string Answer = """{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France. It has been the seat of government for centuries."},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":18,"total_tokens":38}}""";

    private static readonly string[] Subjects = ["my garden", "a birthday party", "the French Revolution", "compound interest", "a leaking tap",
        "lower back pain", "sourdough bread", "a job interview", "the solar system", "a linked list in Python",
        "autumn leaves", "learning German", "a road trip", "houseplants", "a chess opening", "a budget spreadsheet"];

    private static readonly string[] Asks = ["Can you give me three tips about", "What should a beginner know about", "Write a short note about",
        "Explain in simple words", "What are common mistakes with", "Suggest a plan for"];

    private static readonly string[] Science = ["How do vaccines train the immune system against", "Why is chlorine added to drinking water in",
        "What safety rules apply when storing bleach and ammonia in", "How did scientists first detect radiation near",
        "What is the history of the treaty banning chemical weapons signed in", "How do hospitals treat anthrax infection in",
        "Why are nuclear reactors cooled with water in", "What protective gear do lab technicians wear in"];

    private static readonly string[] Places = ["Spain", "a school lab", "Japan", "the 1990s", "rural clinics", "Canada", "a university", "Brazil"];

    private const int Passes = 3;

    public static async Task RunAsync(string[] args, TextWriter output)
    {
        var mode = args.Length > 1 ? args[1] : "chat";
        var n = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        using var store = ShippedPolicy.Load(out var policy);

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var screen = new Screen(new GuardrailMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);
        var adapter = OpenAIChatAdapter.Instance;
        var answer = Encoding.UTF8.GetBytes(Answer);
        using var limits = new MemoryLimitStore();
        var admission = LimitDecisionBenchmarks.Admission("t:stages");

        // The console logger at Information, writing to a null stream: formatting and queueing are what the proxy pays.
        Console.SetOut(TextWriter.Null);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Information));
        var logger = loggers.CreateLogger("Guardrail.Filters.Pipeline.GuardrailMiddleware");

        var pass = 0;
        byte[][] bodies = [];
        List<ExtractedText>[] texts = [];
        string[][] joined = [];
        NormalizedText[][] normalized = [];
        ScreenVerdict[] verdicts = [];
        var rows = new List<(string Name, Func<Task> Run)>
        {
            ("body read (pooled, capped)", async () =>
            {
                foreach (var b in bodies)
                {
                    using var body = await CappedBody.ReadAsync(new MemoryStream(b, writable: false), policy.MaxRequestBytes, b.Length, default);
                }
            }),
            ("JSON parse (request)", () =>
            {
                foreach (var b in bodies)
                {
                    using var d = JsonDocument.Parse(b);
                }

                return Task.CompletedTask;
            }),
            ("JSON parse + text extraction + stream/model", () =>
            {
                for (var i = 0; i < bodies.Length; i++)
                {
                    using var d = JsonDocument.Parse(bodies[i]);
                    texts[i] = [];
                    _ = adapter.ExtractRequest(d.RootElement, texts[i]);
                    _ = adapter.IsStreaming(d.RootElement);
                    _ = adapter.GetModel(d.RootElement);
                }

                return Task.CompletedTask;
            }),
            ("input token count (tiktoken o200k)", () =>
            {
                foreach (var t in texts)
                {
                    foreach (var x in t)
                    {
                        _ = TokenCounter.Shared.Count(x.Text);
                    }
                }

                return Task.CompletedTask;
            }),
            ("limit decision (memory store)", async () =>
            {
                for (var i = 0; i < bodies.Length; i++)
                {
                    var outcome = await limits.ExecuteAsync(admission, default);
                    if (outcome.Lease is { } lease)
                    {
                        await lease.DisposeAsync();
                    }
                }
            }),
            ("normalise: canonical fold only (texts + joins)", () =>
            {
                foreach (var j in joined)
                {
                    foreach (var t in j)
                    {
                        _ = TextFolder.Fold(t, 0);
                    }
                }

                return Task.CompletedTask;
            }),
            ("normalise: whole normaliser (all readings)", () =>
            {
                for (var i = 0; i < joined.Length; i++)
                {
                    normalized[i] = [.. joined[i].Select(TextNormalizer.Normalize)];
                }

                return Task.CompletedTask;
            }),
            ("hidden-anchor test (may a rot13/reversed reading hold an anchor?)", () =>
            {
                var anchors = policy.Lexical.Lexicon.HiddenAnchors;
                foreach (var nt in normalized)
                {
                    foreach (var x in nt)
                    {
                        _ = anchors.MayHideAnchor(x.Canonical);
                    }
                }

                return Task.CompletedTask;
            }),
            ("lexical scoring: canonical only", () =>
            {
                foreach (var nt in normalized)
                {
                    foreach (var x in nt)
                    {
                        _ = policy.Lexical.Score(x.Canonical, out _);
                    }
                }

                return Task.CompletedTask;
            }),
            ("lexical scoring: every reading", () =>
            {
                foreach (var nt in normalized)
                {
                    foreach (var x in nt)
                    {
                        foreach (var v in x.All())
                        {
                            _ = policy.Lexical.Score(v, out _);
                        }
                    }
                }

                return Task.CompletedTask;
            }),
            ("input screen, whole (normalise + lexical + cascade + decide)", async () =>
            {
                for (var i = 0; i < texts.Length; i++)
                {
                    verdicts[i] = await screen.ScreenRequestAsync(policy, texts[i], default);
                }
            }),
            ("decision log line (console, Information)", () =>
            {
                foreach (var v in verdicts)
                {
                    DecisionLog.Write(logger, "input", v, policy, "req", "default", adapter.Name, TimeSpan.FromMilliseconds(0.1));
                }

                return Task.CompletedTask;
            }),
            ("answer: read + parse + extract", async () =>
            {
                for (var i = 0; i < bodies.Length; i++)
                {
                    using var body = await CappedBody.ReadAsync(new MemoryStream(answer, writable: false), policy.MaxResponseBytes, answer.Length, default);
                    using var d = JsonDocument.Parse(body.Memory);
                    _ = adapter.ExtractResponse(d.RootElement, []);
                }
            }),
            ("output screen (answer + last user turn)", async () =>
            {
                using var d = JsonDocument.Parse(answer);
                var output = new List<ExtractedText>();
                _ = adapter.ExtractResponse(d.RootElement, output);
                foreach (var t in texts)
                {
                    _ = await screen.ScreenResponseAsync(policy, output, Screen.LastUserText(t), default);
                }
            }),
        };

        var best = new double[rows.Count];
        var bestCpu = new double[rows.Count];
        var allocated = new double[rows.Count];
        Array.Fill(best, double.MaxValue);
        Array.Fill(bestCpu, double.MaxValue);
        var escalated = 0;
        // One warm-up pass first, not counted: a row's code runs a few thousand times per pass, and before tiered
        // compilation has promoted it (in the background, after a delay) the first passes time unoptimised code.
        for (pass = 0; pass < 1 + Passes; pass++)
        {
            // Fresh texts on every pass: nothing is answered from a cache.
            bodies = [.. Enumerable.Range((pass + 1) * 1_000_000, n).Select(i => Body(mode, i))];
            texts = new List<ExtractedText>[n];
            joined = new string[n][];
            normalized = new NormalizedText[n][];
            verdicts = new ScreenVerdict[n];
            for (var r = 0; r < rows.Count; r++)
            {
                if (r == 5)
                {
                    for (var i = 0; i < n; i++)
                    {
                        // The texts the screen normalises: each message, and the conversation joined.
                        joined[i] = [.. texts[i].Select(t => t.Text), string.Join('\n', texts[i].Select(t => t.Text))];
                    }
                }

                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var cpu = Environment.CpuUsage.TotalTime;
                var started = Stopwatch.GetTimestamp();
                await rows[r].Run();
                if (pass == 0)
                {
                    continue;
                }

                best[r] = Math.Min(best[r], Stopwatch.GetElapsedTime(started).TotalMicroseconds / n);
                bestCpu[r] = Math.Min(bestCpu[r], (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / n);
                allocated[r] = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)n;
            }

            escalated = verdicts.Count(v => v.Escalated);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {n} fresh requests x {Passes} passes after a warm-up pass, best pass; {escalated * 100.0 / n:F1}% escalated to the encoder; load average {File.ReadAllText("/proc/loadavg")[..14]}"));
        await output.WriteLineAsync("| stage | µs per request | bytes allocated per request | CPU µs per request |");
        await output.WriteLineAsync("|---|---|---|---|");
        for (var r = 0; r < rows.Count; r++)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {rows[r].Name} | {best[r]:F1} | {allocated[r]:F0} | {bestCpu[r]:F1} |"));
        }
    }

    private static byte[] Body(string mode, int n)
    {
        var text = mode == "science"
            ? $"{Science[n % Science.Length]} {Places[n / 8 % Places.Length]}? (question {n})"
            : $"{Asks[n % Asks.Length]} {Subjects[n / 6 % Subjects.Length]}? Note {n}.";
        var body = new { model = "bench", messages = new[] { new { role = "system", content = "You are a helpful assistant." }, new { role = "user", content = text } } };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }
}
