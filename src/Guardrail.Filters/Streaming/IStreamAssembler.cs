namespace Guardrail.Filters.Streaming;

/// <summary>
/// Interprets one API's streamed events, one instance per stream: reports the generated text of each event, whether
/// it ends generation or reports an upstream error, and keeps what is needed to end the stream the way the API
/// itself would. Synchronous, no I/O, not thread-safe. Never throws on upstream content: malformed events come back
/// as <see cref="StreamEvent.Error"/>.
/// </summary>
internal interface IStreamAssembler
{
    /// <summary>The adapter name this assembler serves, e.g. <c>openai.chat</c>.</summary>
    string AdapterName { get; }

    /// <summary>The response or message id the stream announced, once seen.</summary>
    string? Id { get; }

    /// <summary>
    /// The model the stream announced, once seen, else the fallback given at creation (the request's), else
    /// <c>unknown</c>; never empty.
    /// </summary>
    string Model { get; }

    /// <summary>True once an event with <see cref="StreamEvent.IsTerminal"/> has been processed.</summary>
    bool HasTerminated { get; }

    /// <summary>
    /// True once an event with <see cref="StreamEvent.IsTerminal"/> has been committed (see <see cref="Commit"/>):
    /// the client already has the answer's end, so a halt would append a second one.
    /// </summary>
    bool HasTerminatedCommitted { get; }

    /// <summary>Interprets one event. The result's deltas are valid until the next call.</summary>
    StreamEvent Process(in SseFrame frame);

    /// <summary>
    /// Everything processed so far has been released to the client. Halts and length stops describe the stream as of
    /// the last commit (open blocks and choices, sequence numbers, what was announced), because events processed
    /// after it may still be held and dropped by the halt. Call it after each release; cheap and allocation-free.
    /// </summary>
    void Commit();

    /// <summary>
    /// What the stream announced since the last commit (id, model, fingerprint, the response object) was not judged
    /// or was what was blocked: halts from now on name only what was committed, else the fallbacks, so a halt never
    /// echoes unjudged upstream text.
    /// </summary>
    void DistrustUncommitted();

    /// <summary>
    /// The bytes to send instead of the rest of the stream when output is blocked: this API's content-filter stop
    /// (OpenAI <c>finish_reason: content_filter</c> + <c>[DONE]</c>; Responses <c>response.incomplete</c> with
    /// reason <c>content_filter</c>; Anthropic open blocks closed, <c>stop_reason: refusal</c>, <c>message_stop</c>),
    /// continuing the stream as committed (<see cref="Commit"/>), not as processed.
    /// </summary>
    byte[] BuildContentFilterHalt();

    /// <summary>
    /// The bytes to send instead of the rest of the stream when an output cap is reached: this API's length stop
    /// (OpenAI <c>finish_reason: length</c>; Responses reason <c>max_output_tokens</c>; Anthropic <c>max_tokens</c>),
    /// continuing the stream as committed (<see cref="Commit"/>).
    /// </summary>
    byte[] BuildLengthStop();

    /// <summary>
    /// A whole stream that refuses the request in this API's in-band shape, for a <c>stream: true</c> request refused
    /// on input (call it on a fresh assembler): the stream's opening (Chat: a chunk with <c>role: assistant</c> and the
    /// refusal text; Responses: <c>response.created</c>; Anthropic: <c>message_start</c>), then the same stop as
    /// <see cref="BuildContentFilterHalt"/>. A stream SDK helper then ends with its own refusal outcome instead of
    /// "request ended without sending any chunks", which is all a plain JSON refusal gives it.
    /// </summary>
    byte[] BuildInputRefusal();
}
