namespace Guardrail.Filters.Limits;

/// <summary>
/// The egress caps of one exchange, for the streaming guard. Get it with
/// <c>HttpContext.Features.Get&lt;IEgressMeter&gt;()</c>; it is absent when the client has no output caps.
/// </summary>
/// <remarks>
/// Call <see cref="OnOutputAsync"/> before sending each piece of generated output (a text, tool-argument or
/// reasoning delta) with its token count (<see cref="CountTokens"/> of the delta's text; 1 is a fine floor) and the
/// bytes of the event that carries it. <see cref="EgressAction.Stop"/>: do not send it; end the stream with the
/// API's length signal (<c>finish_reason: "length"</c>, <c>stop_reason: "max_tokens"</c>,
/// <c>incomplete_details.reason: "max_output_tokens"</c>). <see cref="EgressAction.Continue"/>: wait
/// <see cref="EgressDecision.Delay"/> (bandwidth pacing; flush what is already written first), then send.
/// Budget is booked from the shared store in chunks, so most calls complete synchronously; what is booked and not
/// used is given back when the request ends. Calls for one exchange must not overlap.
/// </remarks>
internal interface IEgressMeter
{
    /// <summary>Books <paramref name="tokens"/> and <paramref name="bytes"/> of output about to be sent; see the remarks.</summary>
    ValueTask<EgressDecision> OnOutputAsync(int tokens, int bytes, CancellationToken cancellationToken);

    /// <summary>Tokens in <paramref name="text"/> as the limits count them (tiktoken o200k).</summary>
    int CountTokens(ReadOnlySpan<char> text);
}
