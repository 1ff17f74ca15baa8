using System.Text;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// One server-sent event as framed by <see cref="SseFrameReader"/>: its exact bytes on the wire plus the parsed fields.
/// The memory it points at belongs to the reader and is valid only until the reader's next call, so a caller that
/// forwards <see cref="Raw"/> copies it out before reading on.
/// </summary>
internal readonly struct SseFrame
{
    public SseFrame(ReadOnlyMemory<byte> raw, string? eventType, ReadOnlyMemory<byte> data, bool hasData, string? id, bool isCommentOnly, bool hasSideLines = false)
    {
        HasSideLines = hasSideLines;
        Raw = raw;
        EventType = eventType;
        Data = data;
        HasData = hasData;
        Id = id;
        IsCommentOnly = isCommentOnly;
    }

    /// <summary>The event's bytes exactly as received, including every line terminator and the blank line that ends it.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The last non-empty <c>event:</c> value, or null (the WHATWG default type "message").</summary>
    public string? EventType { get; }

    /// <summary>UTF-8 bytes of all <c>data:</c> lines joined with "\n"; one space after the colon is removed.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>True when the event had at least one <c>data</c> field, i.e. a browser would dispatch it.</summary>
    public bool HasData { get; }

    /// <summary>The <c>id:</c> value given in this event, or null when it had none (or one containing NUL, which is ignored).</summary>
    public string? Id { get; }

    /// <summary>True when every line was a comment (a keep-alive such as <c>: ping</c>).</summary>
    public bool IsCommentOnly { get; }

    /// <summary>
    /// True when the event has lines a client can read besides <c>data</c>, <c>event</c> and <c>retry</c>: a
    /// non-empty comment, an <c>id:</c> line, an unknown field. Their text is judged like the data's.
    /// </summary>
    public bool HasSideLines { get; }

    /// <summary>The data decoded as a string; allocates, so meant for tests and diagnostics.</summary>
    public string GetDataString() => Encoding.UTF8.GetString(Data.Span);
}
