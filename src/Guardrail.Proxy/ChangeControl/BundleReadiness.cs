using Guardrail.Filters.ChangeControl;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// What <c>/readyz</c> says about signed bundles: the serving revision and, when a bundle was refused after it
/// applied (the deploy directory holds something that does not serve), that rejection's code and reason. Still 200:
/// the old revision serves. The reason of an <c>InvalidPolicy</c> rejection is cut to its file names, since the
/// loader's messages can quote lexicon terms and <c>/readyz</c> answers anyone who can reach the proxy (the admin
/// status has it whole).
/// </summary>
internal static class BundleReadiness
{
    public static object? Of(BundleGate? gate)
    {
        if (gate?.Serving is not { } serving)
        {
            return null;
        }

        var rejection = gate.LastRejection;
        var current = rejection is not null && rejection.At >= serving.AppliedAt;
        return new
        {
            revision = serving.Manifest.Revision,
            appliedAt = serving.AppliedAt,
            lastRejection = current ? new { code = rejection!.Code.ToString(), reason = PublicReason(rejection), revision = rejection.Revision, at = rejection.At } : null,
        };
    }

    internal static string PublicReason(BundleRejection rejection)
    {
        if (rejection.Code != RejectionCode.InvalidPolicy)
        {
            return rejection.Reason;
        }

        // "policy does not load: /default.yaml:12:3: field: message; /lexicons/x.yaml:..." -> the file names.
        var files = System.Text.RegularExpressions.Regex.Matches(rejection.Reason, @"(?<=^|: |; )/?([^:;\s]+\.ya?ml)")
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return files.Length == 0
            ? "policy does not load (details in the log and the admin status)"
            : "policy does not load: " + string.Join(", ", files) + " (details in the log and the admin status)";
    }
}
