using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// What every API's assembler shares: reading one event (a keep-alive is skipped, data that is not JSON makes the
/// event malformed, a terminal event ends the stream), the identity the stream announced (with the request's model as
/// fallback) and whether its end has been processed and committed. A subclass parses its API's event JSON and keeps
/// the state its halts need; keeping the envelope here keeps the APIs' error and terminal handling from drifting apart.
/// </summary>
internal abstract class StreamAssemblerBase : IStreamAssembler
{
    private readonly string? _fallbackModel;
    private readonly StructuralSweep _sweep = new();
    private string? _committedId;
    private string? _committedModel;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    protected StreamAssemblerBase(string? fallbackModel) => _fallbackModel = fallbackModel;

    public abstract string AdapterName { get; }

    public string? Id { get; protected set; }

    /// <summary>
    /// The model a halt names: the stream's, else the request's, else <c>unknown</c> (as the non-streamed refusals
    /// say). Never empty: SDKs copy it into the final completion and some clients reject an empty model.
    /// </summary>
    public string Model => NonEmpty(Distrusted ? _committedModel : AnnouncedModel) ?? NonEmpty(_fallbackModel) ?? UnknownModel;

    public bool HasTerminated { get; private set; }

    public bool HasTerminatedCommitted { get; private set; }

    /// <summary>What a halt names as model when neither the stream nor the request named one.</summary>
    public const string UnknownModel = "unknown";

    /// <summary>The model the stream announced, once seen.</summary>
    protected string? AnnouncedModel { get; set; }

    /// <summary>
    /// The parallel output the current event as a whole belongs to (Anthropic's block <c>index</c>, Responses'
    /// <c>output_index</c>), set by the subclass while parsing: the structural sweep keeps the event's other strings
    /// (citations, annotations) apart per output, so words split across interleaved outputs are read whole.
    /// </summary>
    protected int EventIndex { get; set; }

    /// <summary>True after <see cref="DistrustUncommitted"/>: halts echo only committed upstream values.</summary>
    protected bool Distrusted { get; private set; }

    /// <summary>The id a halt names: the stream's (only once committed after <see cref="DistrustUncommitted"/>), or null.</summary>
    protected string? HaltId => Distrusted ? _committedId : Id;

    /// <summary>The current event's deltas: reset before each event, and after one found malformed.</summary>
    protected DeltaCollector Deltas { get; } = new();

    public StreamEvent Process(in SseFrame frame)
    {
        Deltas.Reset();
        EventIndex = 0;
        var data = StreamJson.EventData(frame);
        StreamEvent result = default;
        if (!data.IsEmpty)
        {
            try
            {
                result = ParseEvent(data, string.Equals(frame.EventType, "error", StringComparison.Ordinal));
                if (result.IsMalformed)
                {
                    return result;
                }

                // Structural completeness: every string the API's field list did not report is judged too (fields
                // read before the type said they do not count are dropped here and swept like any other string).
                Deltas.Truncate(result.Deltas.Length);
                if (data[0] == (byte)'{')
                {
                    _sweep.Sweep(data, Deltas, EventIndex);
                }
            }
            catch (JsonException)
            {
                Deltas.Reset();
                return StreamEvent.Malformed(StreamJson.NotJson);
            }

            HasTerminated |= result.IsTerminal;
        }

        // The SSE framing is read by clients too: event names, comments, ids, unknown fields.
        if (frame.EventType is { } eventType)
        {
            Deltas.AddChars(eventType, StreamDeltaKind.Other, 0, StructuralSweep.EventNamePath);
        }

        if (frame.HasSideLines)
        {
            StructuralSweep.SweepSideLines(frame.Raw.Span, Deltas);
        }

        return Deltas.Count == 0 ? result : result with { Deltas = Deltas.Deltas };
    }

    public void Commit()
    {
        CommitState();
        _committedId = Id;
        _committedModel = AnnouncedModel;
        HasTerminatedCommitted = HasTerminated;
    }

    public void DistrustUncommitted() => Distrusted = true;

    public abstract byte[] BuildContentFilterHalt();

    public abstract byte[] BuildLengthStop();

    public abstract byte[] BuildInputRefusal();

    /// <summary>
    /// Interprets one event's data (never empty). <paramref name="errorEvent"/> is true when the SSE event is named
    /// <c>error</c>. May throw <see cref="JsonException"/> on data that is not JSON: the event is then malformed.
    /// </summary>
    protected abstract StreamEvent ParseEvent(ReadOnlySpan<byte> data, bool errorEvent);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Copies the subclass's processed state to its committed state (see <see cref="Commit"/>).</summary>
    protected abstract void CommitState();
}
