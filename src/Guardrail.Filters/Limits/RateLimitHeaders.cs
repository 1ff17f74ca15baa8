using System.Globalization;
using Guardrail.Filters.Adapters;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Limits;

/// <summary>
/// Writes the gateway's limits in the headers the client's SDK reads: OpenAI's <c>x-ratelimit-*</c> (resets as
/// durations such as <c>6m0s</c>) or Anthropic's <c>anthropic-ratelimit-*</c> (resets as RFC 3339 times), plus
/// <c>Retry-After</c> on refusals. The upstream's own rate-limit headers are replaced: they describe the gateway's
/// provider account, not this client's share.
/// </summary>
internal static class RateLimitHeaders
{
    private const string OpenAIPrefix = "x-ratelimit-";
    private const string AnthropicPrefix = "anthropic-ratelimit-";

    public static void Write(IHeaderDictionary headers, ApiFamily family, RateLimitSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(snapshot);
        RemoveUpstreamHeaders(headers);
        if (family == ApiFamily.Anthropic)
        {
            WriteAnthropic(headers, "requests", snapshot.Requests, now);
            WriteAnthropic(headers, "input-tokens", snapshot.InputTokens, now);
            WriteAnthropic(headers, "output-tokens", snapshot.OutputTokens, now);
            WriteAnthropic(headers, "tokens", LimitReading.Tighter(snapshot.InputTokens, snapshot.OutputTokens), now);
        }
        else
        {
            WriteOpenAI(headers, "requests", snapshot.Requests);
            WriteOpenAI(headers, "tokens", LimitReading.Tighter(snapshot.InputTokens, snapshot.OutputTokens));
        }

        if (snapshot.RetryAfter is { } retry)
        {
            var seconds = (long)Math.Ceiling(Math.Max(1, retry.TotalSeconds));
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

            // The OpenAI SDKs prefer this finer value when present.
            if (family == ApiFamily.OpenAI)
            {
                headers["retry-after-ms"] = ((long)Math.Ceiling(retry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Go-style duration as OpenAI writes it: <c>20ms</c>, <c>1s</c>, <c>8.64s</c>, <c>6m0s</c>, <c>1h2m3s</c>.</summary>
    public static string Duration(long milliseconds)
    {
        if (milliseconds <= 0)
        {
            return "0s";
        }

        if (milliseconds < 1000)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var span = TimeSpan.FromMilliseconds(milliseconds);
        var seconds = (span.Seconds + (span.Milliseconds / 1000m)).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        var hours = (long)span.TotalHours;
        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}h{span.Minutes}m") + seconds;
        }

        return span.Minutes > 0 ? span.Minutes.ToString(CultureInfo.InvariantCulture) + "m" + seconds : seconds;
    }

    private static void WriteOpenAI(IHeaderDictionary headers, string kind, LimitReading? reading)
    {
        if (reading is not { } r)
        {
            return;
        }

        headers[OpenAIPrefix + "limit-" + kind] = r.Limit.ToString(CultureInfo.InvariantCulture);
        headers[OpenAIPrefix + "remaining-" + kind] = r.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[OpenAIPrefix + "reset-" + kind] = Duration(r.ResetMs);
    }

    private static void WriteAnthropic(IHeaderDictionary headers, string kind, LimitReading? reading, DateTimeOffset now)
    {
        if (reading is not { } r)
        {
            return;
        }

        headers[AnthropicPrefix + kind + "-limit"] = r.Limit.ToString(CultureInfo.InvariantCulture);
        headers[AnthropicPrefix + kind + "-remaining"] = r.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[AnthropicPrefix + kind + "-reset"] = now.AddMilliseconds(r.ResetMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static void RemoveUpstreamHeaders(IHeaderDictionary headers)
    {
        List<string>? stale = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith(OpenAIPrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(AnthropicPrefix, StringComparison.OrdinalIgnoreCase))
            {
                (stale ??= []).Add(name);
            }
        }

        stale?.ForEach(name => headers.Remove(name));
    }
}
