namespace Guardrail.Filters.Audit;

/// <summary>The outcome of <see cref="AuditVerifier.Verify"/>: intact, or the first bad record and why.</summary>
/// <param name="Records">Records read up to the first bad one.</param>
/// <param name="SignedCheckpoints">Checkpoints whose signature was checked against the given key.</param>
/// <param name="FirstBad">"FILE:LINE (seq N)" of the first bad record, or null when the chain is intact.</param>
/// <param name="Reason">Why that record is bad; for an intact log, a note on the unsigned tail (if any).</param>
internal sealed record AuditVerification(long Records, int SignedCheckpoints, string? FirstBad, string Reason)
{
    public bool Intact => FirstBad is null;
}
