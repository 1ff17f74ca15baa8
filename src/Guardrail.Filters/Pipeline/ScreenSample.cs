using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Pipeline;

/// <summary>One live screening decision with the texts it judged, as observers (<see cref="IScreenObserver"/>) see it.</summary>
/// <param name="Direction"><c>input</c> (a request) or <c>output</c> (an answer, streamed or not).</param>
/// <param name="Streamed">True for a streamed answer: <paramref name="Texts"/> are the windows the stream guard judged, in order.</param>
/// <param name="Policy">The live policy that decided.</param>
/// <param name="Texts">What was screened (never logged; observers keep it in memory or encrypt it).</param>
/// <param name="RequestContext">The request's last user turn, judged with an answer; null for input.</param>
/// <param name="Verdict">The live decision (for a stream, the strongest over its windows).</param>
/// <param name="RequestId">The request's id.</param>
/// <param name="RouteId">The YARP route.</param>
/// <param name="Api">The adapter name.</param>
internal sealed record ScreenSample(
    string Direction,
    bool Streamed,
    GuardPolicy Policy,
    IReadOnlyList<ExtractedText> Texts,
    string? RequestContext,
    ScreenVerdict Verdict,
    string RequestId,
    string RouteId,
    string Api)
{
    /// <summary>Characters held by the sample (what a bounded queue charges for it).</summary>
    public long Chars
    {
        get
        {
            long total = RequestContext?.Length ?? 0;
            foreach (var text in Texts)
            {
                total += text.Text.Length;
            }

            return total;
        }
    }
}
