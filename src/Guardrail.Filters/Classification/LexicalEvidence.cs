using System.Globalization;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Why one anchor occurrence scored what it did: the anchor, the best intent, the framing, the benign damping and the
/// amplifiers. Returned by <see cref="LexicalClassifier.Explain"/> for audit logs, tuning and tests.
/// </summary>
internal sealed record LexicalEvidence(
    string Category,
    string Anchor,
    string AnchorGroup,
    double AnchorWeight,
    string? Intent,
    string? IntentClass,
    double IntentStrength,
    string Framing,
    double FramingFactor,
    string? Benign,
    double BenignFactor,
    double Amplifiers,
    double Score,
    string? SuppressedBy)
{
    /// <inheritdoc/>
    public override string ToString() => SuppressedBy is not null
        ? string.Create(CultureInfo.InvariantCulture, $"{Category}: '{Anchor}' ({AnchorGroup}) suppressed by context {SuppressedBy}")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{Category}={Score:0.00}: '{Anchor}' ({AnchorGroup} {AnchorWeight:0.00}) x intent '{Intent ?? "-"}' ({IntentClass ?? "none"} {IntentStrength:0.00}) x {Framing} {FramingFactor:0.00} x benign '{Benign ?? "-"}' {BenignFactor:0.00} + amp {Amplifiers:0.00}");
}
