using System.Net.Http.Headers;
using System.Text;
using Guardrail.Load.Engine;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// One request of the keyed tenant to one of several Guardrail instances sharing Redis (round robin). Both a 200
/// (<c>admitted</c>) and a 429 (<c>refused</c>) are right answers; the scenario checks afterwards that the instances
/// together admitted exactly the limit.
/// </summary>
internal static class SharedLimitStep
{
    public static LoadStep Create(ScenarioTarget target) => new("shared limit", async (context, cancellationToken) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Chat(context.Sequence))
        {
            Content = new StringContent(PromptMix.ChatBody(PromptMix.Benign(context.Sequence), stream: false), Encoding.UTF8, "application/json"),
        };
        if (!context.Warmup)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TenantsFiles.LoadKey);
        }

        using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 200:
                context.Metrics.Count("admitted");
                return StepOutcome.Success(status);
            case 429 when LimitedStep.RetryAfter(response) is not null:
                context.Metrics.Count("refused 429");
                return StepOutcome.Success(status);
            default:
                return StepOutcome.Failed(status, "HTTP " + status);
        }
    });
}
