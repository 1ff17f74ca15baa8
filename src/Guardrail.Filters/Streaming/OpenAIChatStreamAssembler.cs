using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// OpenAI Chat Completions streams (and OpenAI-compatible servers: vLLM, TGI, Ollama): <c>data:</c> chunks of
/// <c>chat.completion.chunk</c> ending with <c>data: [DONE]</c>. Text comes from <c>choices[].delta.content</c> and
/// <c>delta.refusal</c>, tool arguments from <c>delta.tool_calls[].function.arguments</c> (and the legacy
/// <c>delta.function_call.arguments</c>), reasoning from <c>delta.reasoning_content</c> / <c>delta.reasoning</c>,
/// audio transcripts from <c>delta.audio.transcript</c>. Text fields may also hold arrays of content parts (Mistral);
/// a text field of any other type makes the event malformed rather than text-free.
/// </summary>
internal sealed class OpenAIChatStreamAssembler : IStreamAssembler
{
    private const string FallbackId = "chatcmpl-guardrail";

    private readonly DeltaCollector _deltas = new();
    private readonly OpenAIChoiceTracker _choices = new();
    private string? _id;
    private readonly string? _fallbackModel;
    private string? _model;
    private string? _systemFingerprint;
    private long? _created;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    public OpenAIChatStreamAssembler(string? fallbackModel = null) => _fallbackModel = fallbackModel;

    public string AdapterName => StreamAssemblerFactory.OpenAIChat;

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

    // Every reader below consumes its whole value even after a failure (so parsing stays in step) and reports only
    // the first failure.
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

            var mark = _deltas.Count;
            var index = 0;
            string? choiceFinish = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    index = StreamJson.ReadInt32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var deltaError = ReadDelta(ref reader, data);
                        error ??= deltaError;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        reader.Skip();
                        error ??= StreamJson.NotAnObject("choices[].delta");
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

            // The index property may follow the delta, so deltas get their index once the choice is read.
            _deltas.SetIndex(mark, index);
            _choices.Observe(index, finished: choiceFinish is not null);
            finishReason ??= choiceFinish;
        }

        return error;
    }

    private string? ReadDelta(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (field, kind) = reader.ValueTextEquals("content"u8) ? ("content", StreamDeltaKind.Text)
                : reader.ValueTextEquals("refusal"u8) ? ("refusal", StreamDeltaKind.Text)
                : reader.ValueTextEquals("reasoning_content"u8) ? ("reasoning_content", StreamDeltaKind.Reasoning)
                : reader.ValueTextEquals("reasoning"u8) ? ("reasoning", StreamDeltaKind.Reasoning)
                : ((string?)null, StreamDeltaKind.Text);
            if (field is not null)
            {
                reader.Read();
                var inside = _deltas.AddText(ref reader, kind);
                if (inside is not null)
                {
                    error ??= StreamJson.NotText("choices[].delta." + field, inside);
                }
            }
            else if (reader.ValueTextEquals("audio"u8))
            {
                reader.Read();
                var audioError = ReadAudio(ref reader);
                error ??= audioError;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var callError = ReadToolCall(ref reader, data);
                        error ??= callError;
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    reader.Skip();
                    error ??= "'choices[].delta.tool_calls' is not an array";
                }
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                var functionError = ReadFunction(ref reader, data, "choices[].delta.function_call");
                error ??= functionError;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return error;
    }

    // Audio answers stream base64 audio with its transcript: the transcript is the answer's text.
    private string? ReadAudio(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            reader.Skip();
            return isNull ? null : StreamJson.NotAnObject("choices[].delta.audio");
        }

        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("transcript"u8))
            {
                reader.Read();
                var inside = _deltas.AddText(ref reader, StreamDeltaKind.Text);
                if (inside is not null)
                {
                    error ??= StreamJson.NotText("choices[].delta.audio.transcript", inside);
                }
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return error;
    }

    private string? ReadToolCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            reader.Skip();
            return isNull ? null : StreamJson.NotAnObject("choices[].delta.tool_calls[]");
        }

        var mark = _deltas.Count;
        var toolIndex = 0;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                toolIndex = StreamJson.ReadInt32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                var functionError = ReadFunction(ref reader, data, "choices[].delta.tool_calls[].function");
                error ??= functionError;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        _deltas.SetSubIndex(mark, toolIndex);
        return error;
    }

    // Reader on the function value. Arguments are a JSON string; some compatible servers send the JSON itself.
    private string? ReadFunction(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            reader.Skip();
            return isNull ? null : StreamJson.NotAnObject(path);
        }

        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        _deltas.AddString(ref reader, StreamDeltaKind.ToolArguments, 0, 0);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        _deltas.AddRawJson(ref reader, data, StreamDeltaKind.ToolArguments);
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        error ??= StreamJson.NotText(path, ".arguments");
                        break;
                }
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return error;
    }

    private byte[] BuildStop(string finishReason)
    {
        using var sse = new SseEventBuilder();
        var json = sse.StartEvent(null);
        json.WriteStartObject();
        json.WriteString("id", _id ?? FallbackId);
        json.WriteString("object", "chat.completion.chunk");
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
            json.WriteNumber("index", index);
            json.WriteStartObject("delta");
            json.WriteEndObject();
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
