using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Guardrail.Load.Engine;
using Guardrail.Load.Targets;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// One logical request of a limited tenant, retried as the SDKs do: on a 429 it waits exactly what the answer says
/// (<c>retry-after-ms</c>, else <c>Retry-After</c> seconds) and sends again, up to
/// <see cref="ScenarioSettings.MaxAttempts"/> attempts, then gives up (counted: under sustained overload that is right). Records 429s, the waits it obeyed, and attempts per request;
/// a 429 that says not to retry (<c>x-should-retry: false</c>) or gives no Retry-After is a failure.
/// </summary>
internal static class LimitedStep
{
    public static LoadStep Create(ScenarioTarget target, bool stream) => new(stream ? "limited stream" : "limited chat", async (context, cancellationToken) =>
    {
        var settings = target.Settings;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Chat(context.Sequence))
            {
                Content = new StringContent(PromptMix.ChatBody(PromptMix.Benign(context.Sequence), stream), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-load-tokens", settings.LimitStreamTokens.ToString(CultureInfo.InvariantCulture));

            // The warm-up goes in as the unlimited anonymous client, so it spends none of the tenant's budget.
            if (!context.Warmup)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TenantsFiles.LoadKey);
            }

            using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                context.Metrics.Count("admitted");
                context.Metrics.Count("attempts", attempt);
                return StepOutcome.Success(status, body.Length);
            }

            if (status != 429)
            {
                return StepOutcome.Failed(status, "HTTP " + status);
            }

            context.Metrics.Count("429");
            if (response.Headers.TryGetValues("x-should-retry", out var shouldRetry) && shouldRetry.Contains("false"))
            {
                return StepOutcome.Failed(status, "429 with x-should-retry: false");
            }

            if (RetryAfter(response) is not { } wait)
            {
                return StepOutcome.Failed(status, "429 without Retry-After");
            }

            if (attempt >= settings.MaxAttempts)
            {
                // Offered more than the limit allows, a backlog of retries grows for as long as the load lasts: a
                // client that gives up after its last retry is what an SDK does, and is counted, not failed.
                context.Metrics.Count("gave up");
                context.Metrics.Count("attempts", attempt);
                return StepOutcome.Success(status);
            }

            context.Metrics.Record("retry-after obeyed", wait);
            await Task.Delay(wait, cancellationToken);
        }
    });

    /// <summary>The wait a 429 asks for: <c>retry-after-ms</c> (OpenAI SDKs prefer it), else <c>Retry-After</c> in seconds.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.RetryAfter?.Delta;
    }
}
