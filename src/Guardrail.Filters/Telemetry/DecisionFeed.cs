using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// What the admin console shows live, kept in the process: the last decisions (a fixed ring, ids and scores only),
/// decision counts by direction, category and action, and limit usage per tenant.
/// </summary>
/// <remarks>
/// Bounded whatever the traffic: the ring has a fixed size, count keys are policy categories and constant action
/// names, and tenants are the tenants file's names (every anonymous client counts as <c>anonymous</c>, never by
/// address). Recording is a short lock for the ring and lock-free counters for the rest, and nothing at all until a
/// console is served (<see cref="Enabled"/>): a proxy without one pays a flag test per decision.
/// </remarks>
internal sealed class DecisionFeed
{
    public const int DefaultCapacity = 50;
    public const string Anonymous = "anonymous";

    private readonly Lock _lock = new();
    private readonly DecisionRecord[] _ring;
    private readonly ConcurrentDictionary<(string Direction, string Category, string Action), StrongBox<long>> _counts = new();
    private readonly ConcurrentDictionary<string, TenantUsage> _tenants = new(StringComparer.Ordinal);
    private long _written;
    private volatile bool _enabled;

    public DecisionFeed(int capacity)
    {
        _ring = new DecisionRecord[Math.Clamp(capacity, 1, 10_000)];
    }

    /// <summary>Whether decisions are recorded (turned on when the admin console is served).</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Decisions recorded since start.</summary>
    public long Total => Interlocked.Read(ref _written);

    public void Add(in DecisionRecord record)
    {
        if (!_enabled)
        {
            return;
        }

        var box = _counts.GetOrAdd((record.Direction, record.Category, record.Action), static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
        lock (_lock)
        {
            _ring[_written % _ring.Length] = record;
            _written++;
        }
    }

    /// <summary>The most recent decisions, newest first.</summary>
    public DecisionRecord[] Recent()
    {
        lock (_lock)
        {
            var n = (int)Math.Min(_written, _ring.Length);
            var result = new DecisionRecord[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = _ring[(_written - 1 - i) % _ring.Length];
            }

            return result;
        }
    }

    /// <summary>Counts by direction, category and action since start.</summary>
    public IReadOnlyList<(string Direction, string Category, string Action, long Count)> Counts() =>
        [.. _counts.Select(kv => (kv.Key.Direction, kv.Key.Category, kv.Key.Action, Interlocked.Read(ref kv.Value.Value)))
            .OrderBy(c => c.Direction, StringComparer.Ordinal).ThenBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Action, StringComparer.Ordinal)];

    /// <summary>Limit usage per tenant since start.</summary>
    public IReadOnlyList<KeyValuePair<string, TenantUsage>> Tenants() => [.. _tenants.OrderBy(kv => kv.Key, StringComparer.Ordinal)];

    public void AddAdmitted(string? tenant)
    {
        if (_enabled)
        {
            Usage(tenant).AddAdmitted();
        }
    }

    public void AddLimit(string? tenant, string kind)
    {
        if (_enabled)
        {
            Usage(tenant).AddRefused(kind);
        }
    }

    public void AddStrike(string? tenant, bool lockout)
    {
        if (_enabled)
        {
            Usage(tenant).AddStrike(lockout);
        }
    }

    private TenantUsage Usage(string? tenant) => _tenants.GetOrAdd(tenant ?? Anonymous, static _ => new TenantUsage());
}
