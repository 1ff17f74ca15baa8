namespace Guardrail.Filters.Streaming;

/// <summary>
/// What one SSE event meant to an <see cref="IStreamAssembler"/>. The default value is an event with nothing to
/// report (a keep-alive, a <c>ping</c>, a lifecycle event). <see cref="Deltas"/> is valid only until the assembler's
/// next call.
/// </summary>
internal readonly struct StreamEvent
{
    /// <summary>Generated text carried by the event, in wire order.</summary>
    public ReadOnlyMemory<StreamDelta> Deltas { get; init; }

    /// <summary>
    /// Generation is over: OpenAI <c>[DONE]</c> or a chunk with a <c>finish_reason</c>; Responses
    /// <c>response.completed</c>, <c>response.incomplete</c>, <c>response.failed</c>; Anthropic <c>message_delta</c>
    /// with a <c>stop_reason</c> and <c>message_stop</c>; and every upstream error event. Events may still follow (an
    /// OpenAI usage chunk and <c>[DONE]</c> after a finish_reason; <c>message_stop</c> after <c>message_delta</c>).
    /// </summary>
    public bool IsTerminal { get; init; }

    /// <summary>The stop signal this event carries, as the API spells it (<c>stop</c>, <c>length</c>,
    /// <c>end_turn</c>, <c>max_output_tokens</c>...), or null. Responses <c>response.completed</c> reports <c>completed</c>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The upstream reported an error in-stream (Anthropic <c>error</c>, an OpenAI chunk with an
    /// <c>error</c> object, Responses <c>error</c> or <c>response.failed</c>).</summary>
    public bool IsUpstreamError { get; init; }

    /// <summary>The upstream error's type or code (e.g. <c>overloaded_error</c>, <c>server_error</c>), if it gave one.
    /// Never its message.</summary>
    public string? UpstreamErrorCode { get; init; }

    /// <summary>Why the event could not be understood (invalid JSON, unexpected shape), or null. The caller decides
    /// whether to fail closed.</summary>
    public string? Error { get; init; }

    /// <summary>True when <see cref="Error"/> is set.</summary>
    public bool IsMalformed => Error is not null;

    /// <summary>A malformed event.</summary>
    public static StreamEvent Malformed(string error) => new() { Error = error };
}
