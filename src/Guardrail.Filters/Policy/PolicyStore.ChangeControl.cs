namespace Guardrail.Filters.Policy;

/// <summary>
/// Change control's entry into the store (kept apart from the file-watching logic): under signed bundles the store
/// does not watch files itself; the bundle gate verifies a bundle, writes its verified bytes to a private directory,
/// and calls <see cref="Adopt"/>, which loads that directory completely and publishes it as one generation.
/// </summary>
internal sealed partial class PolicyStore
{
    /// <summary>Options for a store whose directory nobody edits (a staged bundle): no watcher, no poll.</summary>
    internal static PolicyStoreOptions Frozen { get; } = PolicyStoreOptions.Default with
    {
        PollInterval = Timeout.InfiniteTimeSpan,
        UseFileSystemWatcher = false,
    };

    /// <summary>
    /// Loads every policy in <paramref name="stagedDirectory"/> and, if all are valid, replaces the serving set with
    /// them in one volatile write (a request in flight keeps the policy it captured). Returns the errors otherwise,
    /// and nothing changes.
    /// </summary>
    internal IReadOnlyList<PolicyError> Adopt(string stagedDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stagedDirectory);
        using var staged = new PolicyStore(stagedDirectory, _logger, Frozen);
        var errors = staged.Initialize();
        if (errors.Count > 0 || staged.Current.Default is null)
        {
            return errors.Count > 0 ? errors : [new PolicyError(stagedDirectory, 0, 0, StoreField, "no default policy")];
        }

        var next = staged.Current;
        Volatile.Write(ref _snapshot, new PolicySnapshot(next.ByName, next.Default, Current.Version + 1));
        Volatile.Write(ref _lastErrors, []);
        PolicyLog.StoreSwapped(_logger, Current.Version, next.ByName.Count, 0);
        return [];
    }
}
