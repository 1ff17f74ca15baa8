using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// What the OpenAI Chat Completions and legacy Completions streams share: <c>data:</c> chunks with <c>id</c>,
/// <c>model</c>, <c>created</c>, <c>system_fingerprint</c> and a <c>choices</c> array, ending with
/// <c>data: [DONE]</c>, and a halt that finishes every open choice in one last chunk. A subclass says only which
/// choice fields carry text and how a finishing choice is written; keeping the envelope here keeps the two APIs'
/// error, terminal and halt behaviour from drifting apart.
/// </summary>
internal abstract class OpenAIStreamAssemblerBase : IStreamAssembler
{
    private readonly OpenAIChoiceTracker _choices = new();
    private readonly string? _fallbackModel;
    private string? _id;
    private string? _model;
    private string? _systemFingerprint;
    private long? _created;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    protected OpenAIStreamAssemblerBase(string? fallbackModel) => _fallbackModel = fallbackModel;

    public abstract string AdapterName { get; }

    public string? Id => _id;

    public string? Model => _model ?? _fallbackModel;

    public bool HasTerminated { get; private set; }

    public bool HasTerminatedCommitted { get; private set; }

    /// <summary>The <c>created</c> timestamp the stream announced, once seen.</summary>
    public long? Created => _created;

    /// <summary>The current event's deltas; subclasses add the text their choice fields carry.</summary>
    protected DeltaCollector Deltas { get; } = new();

    /// <summary>The <c>id</c> a halt names before the stream announced one.</summary>
    protected abstract string FallbackId { get; }

    /// <summary>The chunk's <c>object</c> value in a halt, e.g. <c>chat.completion.chunk</c>.</summary>
    protected abstract string ObjectName { get; }

    public StreamEvent Process(in SseFrame frame)
    {
        Deltas.Reset();
        var data = StreamJson.EventData(frame);
        if (data.IsEmpty)
        {
            return default;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            HasTerminated = true;
            return new StreamEvent { IsTerminal = true };
        }

        StreamEvent result;
        try
        {
            result = ParseChunk(data, string.Equals(frame.EventType, "error", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            Deltas.Reset();
            return StreamEvent.Malformed(StreamJson.NotJson);
        }

        HasTerminated |= result.IsTerminal;
        return result;
    }

    public void Commit()
    {
        _choices.Commit();
        HasTerminatedCommitted = HasTerminated;
    }

    public byte[] BuildContentFilterHalt() => BuildStop("content_filter");

    public byte[] BuildLengthStop() => BuildStop("length");

    /// <summary>
    /// Reads one property of a <c>choices[]</c> entry other than <c>index</c> and <c>finish_reason</c>, the reader on
    /// its name. Consumes the whole value even after a failure (so parsing stays in step) and returns the first
    /// failure, or null.
    /// </summary>
    protected abstract string? ReadChoiceProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> data);

    /// <summary>Writes one open choice of a halt chunk, finished with <paramref name="finishReason"/>.</summary>
    protected abstract void WriteStopChoice(Utf8JsonWriter json, int index, string finishReason);

    private StreamEvent ParseChunk(ReadOnlySpan<byte> data, bool errorEvent)
    {
        var reader = new Utf8JsonReader(data, StreamJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEvent.Malformed(StreamJson.NotObject);
        }

        string? finishReason = null;
        var upstreamError = errorEvent;
        string? errorCode = null;
        string? shapeError = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var choicesError = ReadChoices(ref reader, data, ref finishReason);
                    shapeError ??= choicesError;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    shapeError ??= "'choices' is not an array";
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("id"u8) && _id is null)
            {
                _id = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8) && _model is null)
            {
                _model = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8) && _created is null)
            {
                _created = StreamJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("system_fingerprint"u8) && _systemFingerprint is null)
            {
                _systemFingerprint = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                // OpenAI-compatible servers report mid-stream failures as a chunk with an error object.
                upstreamError |= StreamJson.ReadError(ref reader, out errorCode);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                upstreamError |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        StreamJson.EnsureEnd(ref reader);
        if (shapeError is not null)
        {
            Deltas.Reset();
            return StreamEvent.Malformed(shapeError);
        }

        return new StreamEvent
        {
            Deltas = Deltas.Deltas,
            FinishReason = finishReason,
            IsTerminal = finishReason is not null || upstreamError,
            IsUpstreamError = upstreamError,
            UpstreamErrorCode = errorCode,
        };
    }

    // Consumes the whole array even after a failure (so parsing stays in step) and reports only the first failure.
    private string? ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref string? finishReason)
    {
        string? error = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                error ??= "a 'choices' entry is not an object";
                continue;
            }

            var mark = Deltas.Count;
            var index = 0;
            string? choiceFinish = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    index = StreamJson.ReadInt32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    choiceFinish = StreamJson.ReadReason(ref reader);
                }
                else
                {
                    var propertyError = ReadChoiceProperty(ref reader, data);
                    error ??= propertyError;
                }
            }

            // The index property may follow the text, so deltas get their index once the choice is read.
            Deltas.SetIndex(mark, index);
            _choices.Observe(index, finished: choiceFinish is not null);
            finishReason ??= choiceFinish;
        }

        return error;
    }

    private byte[] BuildStop(string finishReason)
    {
        using var sse = new SseEventBuilder();
        var json = sse.StartEvent(null);
        json.WriteStartObject();
        json.WriteString("id", _id ?? FallbackId);
        json.WriteString("object", ObjectName);
        json.WriteNumber("created", _created ?? 0);
        json.WriteString("model", Model ?? string.Empty);
        if (_systemFingerprint is not null)
        {
            json.WriteString("system_fingerprint", _systemFingerprint);
        }

        json.WriteStartArray("choices");
        foreach (var index in _choices.OpenChoices())
        {
            json.WriteStartObject();
            WriteStopChoice(json, index, finishReason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        sse.EndEvent();
        sse.WriteDone();
        return sse.ToArray();
    }
}
