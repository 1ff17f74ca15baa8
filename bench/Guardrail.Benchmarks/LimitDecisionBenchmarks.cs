using BenchmarkDotNet.Attributes;
using Guardrail.Filters.Limits;
using StackExchange.Redis;

namespace Guardrail.Benchmarks;

/// <summary>
/// The limit decision of one request, as <see cref="AccessGate"/> asks it: requests, input tokens, output budget
/// (minute and day) and a concurrency slot, atomically, then the slot's release. In memory and against a local
/// redis-server (one Lua script call plus the release). Also the tiktoken count of a short chat's texts.
/// </summary>
[MemoryDiagnoser]
public class LimitDecisionBenchmarks
{
    private ILimitStore _store = null!;
    private MemoryLimitStore? _memory;
    private RedisProcess? _redis;
    private ConnectionMultiplexer? _connection;
    private LimitOperation _operation = null!;
    private int _tenant;

    [Params("memory", "redis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        _memory = new MemoryLimitStore();
        if (Store == "redis")
        {
            _redis = RedisProcess.Start();
            _connection = ConnectionMultiplexer.Connect(AccessServiceCollectionExtensions.RedisOptions(_redis.ConnectionString));
            _store = new RedisLimitStore(_connection);
        }
        else
        {
            _store = _memory;
        }

        _operation = Admission("t:bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        _redis?.Dispose();
        _memory?.Dispose();
    }

    /// <summary>An admission with limits far above what the run can spend, so every decision is an allow.</summary>
    internal static LimitOperation Admission(string partition) => new(
        partition,
        CheckLockout: true,
        [
            CounterOp.PerMinute("req", long.MaxValue / 8, 1, CounterMode.Consume),
            CounterOp.PerMinute("in", long.MaxValue / 8, 120, CounterMode.Consume),
            CounterOp.PerMinute("otm", long.MaxValue / 8, 0, CounterMode.Require),
            CounterOp.PerDay("otd", long.MaxValue / 8, 0, CounterMode.Require),
            new CounterOp("strikes", 60_000, 10, 0, 0, CounterMode.Peek),
        ],
        [("conc", 1_000_000)]);

    [Benchmark(Description = "admit + release, one tenant")]
    public async Task AdmitAndRelease()
    {
        var outcome = await _store.ExecuteAsync(_operation, default);
        if (outcome.Lease is { } lease)
        {
            await lease.DisposeAsync();
        }
    }

    [Benchmark(Description = "admit + release, 1000 tenants round robin")]
    public async Task AdmitAndReleaseManyTenants()
    {
        _tenant = (_tenant + 1) % 1000;
        var outcome = await _store.ExecuteAsync(_operation with { Partition = "t:bench" + _tenant }, default);
        if (outcome.Lease is { } lease)
        {
            await lease.DisposeAsync();
        }
    }
}
