using System.Text;
using Guardrail.Load.Engine;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// One non-streamed chat request with a fresh text. Screened, an expected refusal (400 <c>content_filter</c>) is a
/// success and counted as <c>refused</c>; an answered weapons request or a refused benign one is a failure. Unscreened
/// targets (direct, plain YARP) answer everything, and that is what they are measured on.
/// </summary>
internal static class ChatStep
{
    public static LoadStep Create(ScenarioTarget target, Func<long, (string Text, Verdict Expected)> texts) => new("chat", async (context, cancellationToken) =>
    {
        var (text, expected) = texts(context.Sequence);
        if (expected == Verdict.Refuse)
        {
            context.Metrics.Count("weapons requests");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target.Chat(context.Sequence))
        {
            Content = new StringContent(PromptMix.ChatBody(text, stream: false), Encoding.UTF8, "application/json"),
        };
        using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var refused = status == 400 && body.Contains("content_filter", StringComparison.Ordinal);
        if (refused)
        {
            context.Metrics.Count("refused");
        }

        return (status, refused, expected, target.Screened) switch
        {
            (200, _, Verdict.Refuse, true) => StepOutcome.Failed(status, "weapons request answered", body.Length),
            (200, _, _, _) => StepOutcome.Success(status, body.Length),
            (_, true, Verdict.Allow, _) => StepOutcome.Failed(status, "benign request refused", body.Length),
            (_, true, _, true) => StepOutcome.Success(status, body.Length),
            _ => StepOutcome.Failed(status, "HTTP " + status, body.Length),
        };
    });
}
