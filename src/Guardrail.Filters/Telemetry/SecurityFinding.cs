using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Telemetry;

/// <summary>
/// The <c>gen_ai.security.finding</c> span event: what a guard decided about a request or an answer (decision,
/// target, policy and revision, category, score, stage) with a SHA-256 of the text that was judged — never the text,
/// so a trace backend or SIEM can correlate repeats without holding the content.
/// </summary>
internal static class SecurityFinding
{
    public const string EventName = "gen_ai.security.finding";

    /// <summary>Adds the event for a decision that was not a plain allow, when <paramref name="activity"/> records.</summary>
    public static void Add(Activity? activity, string target, ScreenVerdict verdict, string policy, int revision, IReadOnlyList<ExtractedText> texts)
    {
        if (activity is not { IsAllDataRequested: true } || verdict.Action == ScreenAction.Allow)
        {
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text.Text));
            hash.AppendData("\n"u8);
        }

        AddEvent(activity, target, verdict, policy, revision, hash.GetHashAndReset());
    }

    /// <summary>As above, for one judged text (a stream window).</summary>
    public static void Add(Activity? activity, string target, ScreenVerdict verdict, string policy, int revision, string text)
    {
        if (activity is not { IsAllDataRequested: true } || verdict.Action == ScreenAction.Allow)
        {
            return;
        }

        AddEvent(activity, target, verdict, policy, revision, SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static void AddEvent(Activity activity, string target, ScreenVerdict verdict, string policy, int revision, byte[] digest)
    {
        var tags = new ActivityTagsCollection
        {
            ["gen_ai.security.decision"] = Screen.ActionName(verdict.Action),
            ["gen_ai.security.target"] = target,
            ["gen_ai.security.policy.name"] = policy,
            ["gen_ai.security.policy.revision"] = revision,
            ["gen_ai.security.category"] = verdict.Category ?? "none",
            ["gen_ai.security.score"] = Math.Round(verdict.Score, 4),
            ["gen_ai.security.stage"] = verdict.Stage,
            ["gen_ai.security.content.sha256"] = Convert.ToHexStringLower(digest),
        };
        if (verdict.Error is { } error)
        {
            tags["gen_ai.security.error"] = error;
        }

        activity.AddEvent(new ActivityEvent(EventName, tags: tags));
        activity.SetTag("gen_ai.security.decision", Screen.ActionName(verdict.Action));
        activity.SetTag("gen_ai.security.category", verdict.Category ?? "none");
    }
}
