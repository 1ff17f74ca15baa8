namespace Guardrail.Filters.Policy;

/// <summary>
/// What <see cref="PolicyStore"/> knows about one policy file: the version serving now and the latest content it
/// evaluated when that differs. Mutated only under the store's scan lock.
/// </summary>
internal sealed class PolicyFileState(string path)
{
    public string Path { get; } = path;

    /// <summary>The policy serving from this file (last good version), or null.</summary>
    public GuardPolicy? Accepted { get; set; }

    /// <summary>Fingerprint (policy bytes + lexicon path and bytes) of the content <see cref="Accepted"/> came from.</summary>
    public string? AcceptedFingerprint { get; set; }

    /// <summary>Latest content evaluated, when it differs from the accepted content: invalid, or valid but conflicting.</summary>
    public PolicyLoadResult? Attempt { get; set; }

    public string? AttemptFingerprint { get; set; }

    /// <summary>Lexicon referenced by the latest evaluated content; fingerprinted on every scan.</summary>
    public string? LexiconPath { get; set; }

    /// <summary>Head, model and vocabulary files referenced by the latest evaluated content; stamped on every scan.</summary>
    public IReadOnlyList<string> ModelFiles { get; set; } = [];

    /// <summary>Why the valid <see cref="Attempt"/> is not applied (duplicate name, no default left).</summary>
    public PolicyError? ConflictError { get; set; }

    /// <summary>Why the policy of this deleted file stays in service.</summary>
    public PolicyError? RemovalError { get; set; }

    /// <summary>The file is listed but could not be read (locked mid-write, permissions).</summary>
    public PolicyError? ReadError { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the first scan that found the file missing.</summary>
    public long? MissingSince { get; set; }

    /// <summary>The errors this file contributes to <see cref="PolicyStore.LastErrors"/>.</summary>
    public IEnumerable<PolicyError> CurrentErrors()
    {
        if (ReadError is not null)
        {
            yield return ReadError;
        }

        if (Attempt is { Succeeded: false } failed)
        {
            foreach (var e in failed.Errors)
            {
                yield return e;
            }
        }

        if (ConflictError is not null)
        {
            yield return ConflictError;
        }

        if (RemovalError is not null)
        {
            yield return RemovalError;
        }
    }
}
