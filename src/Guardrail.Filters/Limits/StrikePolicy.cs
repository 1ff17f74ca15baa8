namespace Guardrail.Filters.Limits;

/// <summary>
/// How blocked requests escalate: every input block is a strike against the client; with
/// <see cref="SlowDownAfter"/> strikes in <see cref="Window"/> each request waits <see cref="SlowDown"/> first, and
/// with <see cref="LockoutAfter"/> strikes the client is locked out for <see cref="Lockout"/>.
/// </summary>
internal sealed record StrikePolicy
{
    public static StrikePolicy Default { get; } = new();

    /// <summary>False turns strike counting off.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Strikes in the window from which requests are slowed down; 0 never.</summary>
    public long SlowDownAfter { get; init; } = 3;

    public TimeSpan SlowDown { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Strikes in the window that lock the client out; 0 never.</summary>
    public long LockoutAfter { get; init; } = 5;

    public TimeSpan Lockout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The status a locked-out client is answered with: 429 (retry later) or 403 (forbidden).</summary>
    public int LockoutStatus { get; init; } = 403;
}
