using System.Diagnostics;
using System.Globalization;
using Guardrail.Filters.Limits;
using StackExchange.Redis;

namespace Guardrail.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Guardrail.Benchmarks -- latency</c>: per-decision latency distribution
/// (p50, p99) of the limit decision, in memory and against a local redis-server. BenchmarkDotNet reports means of
/// many operations; this reports single operations, which is what a request waits for.
/// </summary>
internal static class LimitLatencyProbe
{
    public static async Task RunAsync(TextWriter output)
    {
        using var memory = new MemoryLimitStore();
        await Measure(output, "memory", memory, 50_000);

        using var redis = RedisProcess.Start();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(AccessServiceCollectionExtensions.RedisOptions(redis.ConnectionString));
        await Measure(output, "redis ", new RedisLimitStore(connection), 10_000);
    }

    private static async Task Measure(TextWriter output, string name, ILimitStore store, int count)
    {
        var operation = LimitDecisionBenchmarks.Admission("t:probe");
        for (var i = 0; i < count / 10; i++)
        {
            await Once(store, operation);
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await Once(store, operation);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={count} p50={samples[count / 2]:F1} us  p99={samples[(int)(count * 0.99)]:F1} us  max={samples[^1]:F1} us  mean={samples.Average():F1} us"));
    }

    private static async Task Once(ILimitStore store, LimitOperation operation)
    {
        var outcome = await store.ExecuteAsync(operation, default);
        if (outcome.Lease is { } lease)
        {
            await lease.DisposeAsync();
        }
    }
}
