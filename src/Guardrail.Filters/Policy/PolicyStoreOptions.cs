namespace Guardrail.Filters.Policy;

/// <summary>Timing knobs for <see cref="PolicyStore"/>; the defaults keep reload latency under 2 s.</summary>
internal sealed record PolicyStoreOptions
{
    public static PolicyStoreOptions Default { get; } = new();

    /// <summary>
    /// How often every policy and lexicon file is re-hashed. This is the fallback that catches edits the file
    /// watcher misses (network and overlay file systems, editors that replace files, Kubernetes ConfigMap swaps).
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables polling.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Quiet time after the last watcher event before rescanning, so one save (often several events) is one reload.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a policy file must stay missing before its policy is removed. Editors that save by delete-and-recreate
    /// leave a short gap; without a grace period a route would lose its policy for that moment.
    /// </summary>
    public TimeSpan DeleteGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A changed policy or lexicon file is loaded only once it has not been written for this long, so a reload does not
    /// read a half-written file (which could parse as a valid but weaker policy).
    /// </summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether to use <see cref="FileSystemWatcher"/> for low-latency reloads (polling still runs).</summary>
    public bool UseFileSystemWatcher { get; init; } = true;
}
