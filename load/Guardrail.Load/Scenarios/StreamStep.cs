using System.Globalization;
using System.Text;
using Guardrail.Load.Engine;

namespace Guardrail.Load.Scenarios;

/// <summary>
/// One long streamed chat answer. Records time to first token (from the iteration's intended start), every gap
/// between two content events at the client, stalls (a gap over the threshold) and halts (the guard's
/// <c>finish_reason: content_filter</c>). Every <see cref="ScenarioSettings.HaltEvery"/>-th answer is scripted to turn
/// into the placeholder weapons answer: screened, it must be halted; a halted benign answer is a failure.
/// </summary>
internal static class StreamStep
{
    public static LoadStep Create(ScenarioTarget target) => new("stream", async (context, cancellationToken) =>
    {
        var settings = target.Settings;
        var turning = settings.HaltEvery > 0 && context.Sequence % settings.HaltEvery == settings.HaltEvery - 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Chat(context.Sequence))
        {
            Content = new StringContent(PromptMix.ChatBody("Tell me a long story about rivers. " + PromptMix.Benign(context.Sequence), stream: true), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-load-tokens", settings.StreamTokens.ToString(CultureInfo.InvariantCulture));
        if (turning)
        {
            request.Headers.Add("x-load-script", "turning");
        }

        using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status != 200)
        {
            return StepOutcome.Failed(status, "HTTP " + status);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var events = 0;
        long bytes = 0;
        var halted = false;
        var last = TimeSpan.Zero;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            bytes += line.Length + 1;
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.Contains("\"finish_reason\":\"content_filter\"", StringComparison.Ordinal))
            {
                halted = true;
                continue;
            }

            if (!line.Contains("\"content\":\"", StringComparison.Ordinal) || line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                continue;
            }

            var now = context.Clock.Elapsed;
            if (events == 0)
            {
                context.Metrics.Record("ttft", now - context.Intended);
            }
            else
            {
                var gap = now - last;
                context.Metrics.Record("inter-event gap", gap);
                if (gap > settings.StallThreshold)
                {
                    context.Metrics.Count("stalls");
                }
            }

            last = now;
            events++;
        }

        context.Metrics.Count("events", events);
        if (halted)
        {
            context.Metrics.Count("halts");
        }

        if (turning)
        {
            context.Metrics.Count("turning answers");
        }

        return (turning, halted, target.Screened) switch
        {
            (true, false, true) => StepOutcome.Failed(status, "turning answer not halted", bytes),
            (false, true, _) => StepOutcome.Failed(status, "benign answer halted", bytes),
            (_, _, _) when events == 0 => StepOutcome.Failed(status, "no content events", bytes),
            _ => StepOutcome.Success(status, bytes),
        };
    });
}
