namespace Guardrail.Filters.Limits;

/// <summary>
/// The Lua scripts of distributed mode. Each runs atomically on the Redis server and takes the time from the server
/// (<c>TIME</c>), so instances with skewed clocks still share one window. Every key of one call belongs to one
/// partition and carries it as a hash tag (<c>gr:{partition}:...</c>), so the scripts also run on Redis Cluster.
/// The window arithmetic mirrors <see cref="WindowCounter"/>: a counter is a hash of segment id to amount.
/// </summary>
internal static class RedisScripts
{
    private const string Common = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        local function load(key, segMs, segs)
          local cur = math.floor(now / segMs)
          local oldest = cur - segs + 1
          local raw = redis.call('HGETALL', key)
          local used = 0
          local values = {}
          local stale = {}
          for i = 1, #raw, 2 do
            local id = tonumber(raw[i])
            local v = tonumber(raw[i + 1])
            if id < oldest then
              stale[#stale + 1] = raw[i]
            else
              used = used + v
              values[id] = v
            end
          end
          if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
          if used < 0 then used = 0 end
          return used, values, cur
        end

        local function untilFreed(values, cur, segs, segMs, free)
          local freed = 0
          for id = cur - segs + 1, cur do
            local v = values[id]
            if v then freed = freed + v end
            if freed >= free and freed > 0 then return (id + segs) * segMs - now end
          end
          return (cur + segs) * segMs - now
        end

        local function resetAfter(values, cur, segs, segMs)
          for id = cur, cur - segs + 1, -1 do
            local v = values[id]
            if v and v > 0 then return (id + segs) * segMs - now end
          end
          return 0
        end

        local function add(key, values, cur, segMs, segs, amount)
          redis.call('HINCRBY', key, cur, amount)
          values[cur] = (values[cur] or 0) + amount
          redis.call('PEXPIRE', key, segMs * (segs + 1))
        end
        """;

    /// <summary>
    /// One <see cref="LimitOperation"/>. KEYS: lock, n counters, m concurrency sets. ARGV: n, m, checkLockout,
    /// leaseId, leaseTtlMs, then per counter segMs, segs, limit, amount, mode, atMs, then per concurrency set its limit.
    /// Returns status, failIndex, retryMs, granted, now, then used and resetMs per counter.
    /// Status: 0 ok, 1 locked out, 2 denied, 3 too large, 4 concurrency denied.
    /// </summary>
    public const string Execute = Common + """

        local n = tonumber(ARGV[1])
        local m = tonumber(ARGV[2])
        if ARGV[3] == '1' then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then return {1, -1, ttl, 0, now} end
        end

        for j = 1, m do
          local key = KEYS[1 + n + j]
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          if redis.call('ZCARD', key) >= tonumber(ARGV[5 + 6 * n + j]) then return {4, j - 1, 1000, 0, now} end
        end

        local c = {}
        local granted = -1
        for i = 1, n do
          local a = 5 + 6 * (i - 1)
          local segMs = tonumber(ARGV[a + 1])
          local segs = tonumber(ARGV[a + 2])
          local limit = tonumber(ARGV[a + 3])
          local amount = tonumber(ARGV[a + 4])
          local mode = tonumber(ARGV[a + 5])
          local used, values, cur = load(KEYS[1 + i], segMs, segs)
          c[i] = {segMs = segMs, segs = segs, amount = amount, mode = mode, at = tonumber(ARGV[a + 6]), values = values, cur = cur}
          if mode == 1 then
            if amount > limit then return {3, i - 1, 0, 0, now} end
            if used + amount > limit then return {2, i - 1, untilFreed(values, cur, segs, segMs, used + amount - limit), 0, now} end
          elseif mode == 2 then
            if used >= limit then return {2, i - 1, untilFreed(values, cur, segs, segMs, used - limit + 1), 0, now} end
          elseif mode == 3 then
            local left = limit - used
            if left < 0 then left = 0 end
            if granted < 0 or left < granted then granted = left end
          end
        end

        for i = 1, n do
          local x = c[i]
          if x.mode == 3 and x.amount < granted then granted = x.amount end
        end
        if granted < 0 then granted = 0 end

        local leaseTtl = tonumber(ARGV[5])
        for j = 1, m do
          local key = KEYS[1 + n + j]
          redis.call('ZADD', key, now + leaseTtl, ARGV[4])
          redis.call('PEXPIRE', key, leaseTtl)
        end

        local result = {0, -1, 0, granted, now}
        for i = 1, n do
          local x = c[i]
          local key = KEYS[1 + i]
          if x.mode == 1 or x.mode == 4 then
            add(key, x.values, x.cur, x.segMs, x.segs, x.amount)
          elseif x.mode == 3 and granted > 0 then
            add(key, x.values, x.cur, x.segMs, x.segs, granted)
          elseif x.mode == 5 then
            local seg = math.floor(x.at / x.segMs)
            local v = x.values[seg]
            if v and v > 0 then
              local back = x.amount
              if back > v then back = v end
              redis.call('HINCRBY', key, seg, -back)
              x.values[seg] = v - back
            end
          end
          local used = 0
          for id, v in pairs(x.values) do used = used + v end
          if used < 0 then used = 0 end
          result[#result + 1] = used
          result[#result + 1] = resetAfter(x.values, x.cur, x.segs, x.segMs)
        end
        return result
        """;

    /// <summary>
    /// One strike. KEYS: strikes counter, lock. ARGV: segMs, segs, lockoutAfter, slowDownAfter, lockoutMs.
    /// Returns strikes and action (0 none, 1 slow down, 2 lockout).
    /// </summary>
    public const string Strike = Common + """

        local segMs = tonumber(ARGV[1])
        local segs = tonumber(ARGV[2])
        local lockoutAfter = tonumber(ARGV[3])
        local slowAfter = tonumber(ARGV[4])
        local used, values, cur = load(KEYS[1], segMs, segs)
        add(KEYS[1], values, cur, segMs, segs, 1)
        used = used + 1
        if lockoutAfter > 0 and used >= lockoutAfter then
          redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[5]))
          redis.call('DEL', KEYS[1])
          return {used, 2}
        end
        if slowAfter > 0 and used >= slowAfter then return {used, 1} end
        return {used, 0}
        """;

    /// <summary>GCRA pacing. KEYS: the pace key. ARGV: bytes per second, bytes. Returns the delay in ms.</summary>
    public const string Pace = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local rate = tonumber(ARGV[1])
        if rate < 1 then rate = 1 end
        local nxt = tat + math.floor(tonumber(ARGV[2]) * 1000 / rate)
        redis.call('SET', KEYS[1], nxt, 'PX', nxt - now + 1000)
        local delay = nxt - 1000 - now
        if delay < 0 then delay = 0 end
        return delay
        """;
}
