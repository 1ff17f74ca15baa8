namespace Guardrail.Filters.Streaming;

/// <summary>Why an <see cref="SseFrameReader"/> stopped yielding frames.</summary>
internal enum SseReadError
{
    /// <summary>No error: the reader is waiting for more bytes, or the stream ended cleanly.</summary>
    None,

    /// <summary>An event grew past the configured maximum size; the reader drops everything after it.</summary>
    EventTooLarge,

    /// <summary>The upstream ended (<see cref="SseFrameReader.Complete"/>) in the middle of an event.</summary>
    IncompleteEvent,
}
