using Microsoft.Extensions.Caching.Memory;

namespace Guardrail.Filters.RollingRisk;

/// <summary>
/// Each client's latest request text that carried CBRN vocabulary (its topic), kept for the rolling-risk window so
/// that a later request which asks for something without naming an agent ("now make it spread between people") is
/// also read after it: a decomposition sent as separate requests is judged as the conversation it is.
/// </summary>
/// <remarks>
/// Process memory only: never written to the shared store, a log or disk; bounded by client count
/// (<see cref="MaxClients"/>, oldest-first compaction) and text length (<see cref="MaxChars"/>). With several
/// instances, a client's requests are joined per instance (sticky routing makes it exact).
/// </remarks>
internal sealed class TopicMemory(TimeProvider time) : IDisposable
{
    /// <summary>Most clients remembered at once.</summary>
    public const int MaxClients = 10_000;

    /// <summary>Longest topic text kept: the head of a longer one.</summary>
    public const int MaxChars = 2_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxClients, CompactionPercentage = 0.1 });

    /// <summary>Remembers <paramref name="text"/> as the client's topic for <paramref name="window"/>.</summary>
    public void Remember(string partition, string text, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(text);
        var kept = text.Length <= MaxChars ? text : text[..MaxChars];
        using var entry = _cache.CreateEntry(partition);
        entry.Value = new Topic(kept, time.GetUtcNow());
        entry.Size = 1;

        // The cache's own clock evicts eventually; Recall checks the age on the injected clock.
        entry.AbsoluteExpirationRelativeToNow = window;
    }

    /// <summary>The client's topic if it was remembered within <paramref name="window"/>, else null.</summary>
    public string? Recall(string partition, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return _cache.TryGetValue(partition, out Topic? topic) && topic is not null && time.GetUtcNow() - topic.At <= window
            ? topic.Text
            : null;
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Topic(string Text, DateTimeOffset At);
}
