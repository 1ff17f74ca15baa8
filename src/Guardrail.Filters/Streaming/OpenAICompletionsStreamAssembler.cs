using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// OpenAI legacy Completions streams (<c>/v1/completions</c>, still served by vLLM, TGI and Ollama): <c>data:</c>
/// chunks of <c>text_completion</c> whose text is <c>choices[].text</c>, ending with <c>data: [DONE]</c>. A text that
/// is neither a string nor content parts makes the event malformed rather than text-free.
/// </summary>
internal sealed class OpenAICompletionsStreamAssembler : IStreamAssembler
{
    private const string FallbackId = "cmpl-guardrail";

    private readonly DeltaCollector _deltas = new();
    private readonly OpenAIChoiceTracker _choices = new();
    private string? _id;
    private readonly string? _fallbackModel;
    private string? _model;
    private string? _systemFingerprint;
    private long? _created;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    public OpenAICompletionsStreamAssembler(string? fallbackModel = null) => _fallbackModel = fallbackModel;

    public string AdapterName => StreamAssemblerFactory.OpenAICompletions;

    public string? Id => _id;

    public string? Model => _model ?? _fallbackModel;

    public bool HasTerminated { get; private set; }

    public bool HasTerminatedCommitted { get; private set; }

    /// <summary>The <c>created</c> timestamp the stream announced, once seen.</summary>
    public long? Created => _created;

    public StreamEvent Process(in SseFrame frame)
    {
        _deltas.Reset();
        if (!frame.HasData)
        {
            return default;
        }

        var data = StreamJson.Trim(frame.Data.Span);
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
            _deltas.Reset();
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
                    var choicesError = ReadChoices(ref reader, ref finishReason);
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
            _deltas.Reset();
            return StreamEvent.Malformed(shapeError);
        }

        return new StreamEvent
        {
            Deltas = _deltas.Deltas,
            FinishReason = finishReason,
            IsTerminal = finishReason is not null || upstreamError,
            IsUpstreamError = upstreamError,
            UpstreamErrorCode = errorCode,
        };
    }

    // Consumes the whole array even after a failure (so parsing stays in step) and reports only the first failure.
    private string? ReadChoices(ref Utf8JsonReader reader, ref string? finishReason)
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

            var mark = _deltas.Count;
            var index = 0;
            string? choiceFinish = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    index = StreamJson.ReadInt32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    var inside = _deltas.AddText(ref reader, StreamDeltaKind.Text);
                    if (inside is not null)
                    {
                        error ??= StreamJson.NotText("choices[].text", inside);
                    }
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    choiceFinish = StreamJson.ReadReason(ref reader);
                }
                else
                {
                    StreamJson.SkipValue(ref reader);
                }
            }

            _deltas.SetIndex(mark, index);
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
        json.WriteString("object", "text_completion");
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
            json.WriteString("text", string.Empty);
            json.WriteNumber("index", index);
            json.WriteNull("logprobs");
            json.WriteString("finish_reason", finishReason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        sse.EndEvent();
        sse.WriteDone();
        return sse.ToArray();
    }
}
