namespace Guardrail.Filters.Limits;

/// <summary>
/// One atomic step on one partition's counters: either every check passes and every change applies, or nothing
/// changes. In distributed mode this is one Lua script call.
/// </summary>
/// <param name="Partition">Tenant name or anonymous address partition.</param>
/// <param name="CheckLockout">Refuse when the partition is locked out (strike escalation).</param>
/// <param name="Counters">The window counters.</param>
/// <param name="Concurrency">Concurrency slots to acquire (name and limit); released through the outcome's lease.</param>
internal sealed record LimitOperation(
    string Partition,
    bool CheckLockout,
    IReadOnlyList<CounterOp> Counters,
    IReadOnlyList<(string Name, long Limit)> Concurrency)
{
    public static readonly IReadOnlyList<(string Name, long Limit)> NoConcurrency = [];
}
