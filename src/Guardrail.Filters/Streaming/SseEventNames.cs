using System.Text;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Shares one string per well-known <c>event:</c> name, so framing an Anthropic or Responses stream allocates no
/// string per event. Unknown names fall back to a small per-reader cache, then to a fresh string.
/// </summary>
internal sealed class SseEventNames
{
    private const int CacheSize = 16;

    private static readonly string[] KnownNames =
    [
        "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
        "message_stop", "ping", "error",
        "response.created", "response.in_progress", "response.queued", "response.completed", "response.incomplete",
        "response.failed", "response.output_item.added", "response.output_item.done", "response.content_part.added",
        "response.content_part.done", "response.output_text.delta", "response.output_text.done",
        "response.output_text.annotation.added", "response.refusal.delta", "response.refusal.done",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
        "response.reasoning_text.delta", "response.reasoning_text.done",
    ];

    private static readonly byte[][] KnownBytes = [.. KnownNames.Select(Encoding.UTF8.GetBytes)];

    private byte[][]? _cachedBytes;
    private string[]? _cachedNames;
    private int _cached;

    /// <summary>The string for <paramref name="utf8"/>, shared where possible.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < KnownBytes.Length; i++)
        {
            if (utf8.SequenceEqual(KnownBytes[i]))
            {
                return KnownNames[i];
            }
        }

        for (var i = 0; i < _cached; i++)
        {
            if (utf8.SequenceEqual(_cachedBytes![i]))
            {
                return _cachedNames![i];
            }
        }

        var name = Encoding.UTF8.GetString(utf8);
        if (_cached < CacheSize)
        {
            _cachedBytes ??= new byte[CacheSize][];
            _cachedNames ??= new string[CacheSize];
            _cachedBytes[_cached] = utf8.ToArray();
            _cachedNames[_cached] = name;
            _cached++;
        }

        return name;
    }
}
