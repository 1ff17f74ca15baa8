using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Anthropic Messages streams: <c>message_start</c>, then per content block <c>content_block_start</c>,
/// <c>content_block_delta</c>s and <c>content_block_stop</c>, then <c>message_delta</c> (stop reason, usage) and
/// <c>message_stop</c>; <c>ping</c> and <c>error</c> may come at any time. Text comes from <c>text_delta</c>, tool
/// input from <c>input_json_delta.partial_json</c>, reasoning from <c>thinking_delta</c>. The event type is read from
/// the data's <c>type</c>, which the API always sends.
/// </summary>
internal sealed class AnthropicMessagesStreamAssembler : IStreamAssembler
{
    private const string FallbackId = "msg_guardrail";

    private readonly DeltaCollector _deltas = new();
    private readonly List<int> _openBlocks = [];
    private string? _id;
    private readonly string? _fallbackModel;
    private string? _model;
    private long _outputTokens;
    private bool _messageStarted;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    public AnthropicMessagesStreamAssembler(string? fallbackModel = null) => _fallbackModel = fallbackModel;

    private enum EventKind
    {
        Other,
        MessageStart,
        BlockStart,
        BlockDelta,
        BlockStop,
        MessageDelta,
        MessageStop,
        Error,
    }

    public string AdapterName => StreamAssemblerFactory.AnthropicMessages;

    public string? Id => _id;

    public string? Model => _model ?? _fallbackModel;

    public bool HasTerminated { get; private set; }

    /// <summary>Content blocks started and not yet stopped, in start order.</summary>
    public IReadOnlyList<int> OpenBlocks => _openBlocks;

    /// <summary>The latest <c>usage.output_tokens</c> the stream reported.</summary>
    public long OutputTokens => _outputTokens;

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

        StreamEvent result;
        try
        {
            result = ParseEvent(data, string.Equals(frame.EventType, "error", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            _deltas.Reset();
            return StreamEvent.Malformed(StreamJson.NotJson);
        }

        HasTerminated |= result.IsTerminal;
        return result;
    }

    public byte[] BuildContentFilterHalt() => BuildStop("refusal");

    public byte[] BuildLengthStop() => BuildStop("max_tokens");

    private StreamEvent ParseEvent(ReadOnlySpan<byte> data, bool errorEvent)
    {
        var reader = new Utf8JsonReader(data, StreamJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEvent.Malformed(StreamJson.NotObject);
        }

        var kind = errorEvent ? EventKind.Error : EventKind.Other;
        var typeSeen = false;
        int? index = null;
        string? stopReason = null;
        long? outputTokens = null;
        string? errorCode = null;
        string? messageId = null;
        string? messageModel = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    typeSeen = true;
                    var classified = Classify(ref reader);
                    kind = kind == EventKind.Error ? kind : classified;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                index = StreamJson.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("content_block"u8))
            {
                // Text fields are told apart by name (text, partial_json, thinking), so no need to know the type first.
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadBlockOrDelta(ref reader, data, ref stopReason);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMessage(ref reader, ref messageId, ref messageModel, ref outputTokens);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                outputTokens = ReadOutputTokens(ref reader) ?? outputTokens;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                StreamJson.ReadError(ref reader, out errorCode);
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        StreamJson.EnsureEnd(ref reader);
        if (!typeSeen && !errorEvent)
        {
            _deltas.Reset();
            return StreamEvent.Malformed("event has no 'type'");
        }

        if (kind is not (EventKind.BlockStart or EventKind.BlockDelta))
        {
            _deltas.Reset();
        }

        if (outputTokens is { } tokens)
        {
            _outputTokens = tokens;
        }

        switch (kind)
        {
            case EventKind.MessageStart:
                _messageStarted = true;
                _id ??= messageId;
                _model ??= messageModel;
                return default;
            case EventKind.BlockStart or EventKind.BlockDelta:
                if (index is not { } blockIndex)
                {
                    _deltas.Reset();
                    return StreamEvent.Malformed("content block event has no 'index'");
                }

                if (kind == EventKind.BlockStart && !_openBlocks.Contains(blockIndex))
                {
                    _openBlocks.Add(blockIndex);
                }

                _deltas.SetIndex(0, blockIndex);
                return new StreamEvent { Deltas = _deltas.Deltas };
            case EventKind.BlockStop:
                if (index is { } stopped)
                {
                    _openBlocks.Remove(stopped);
                }

                return default;
            case EventKind.MessageDelta:
                return new StreamEvent { FinishReason = stopReason, IsTerminal = stopReason is not null };
            case EventKind.MessageStop:
                return new StreamEvent { IsTerminal = true };
            case EventKind.Error:
                return new StreamEvent { IsTerminal = true, IsUpstreamError = true, UpstreamErrorCode = errorCode };
            default:
                return default;
        }
    }

    private static EventKind Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content_block_delta"u8) ? EventKind.BlockDelta
        : reader.ValueTextEquals("content_block_start"u8) ? EventKind.BlockStart
        : reader.ValueTextEquals("content_block_stop"u8) ? EventKind.BlockStop
        : reader.ValueTextEquals("message_start"u8) ? EventKind.MessageStart
        : reader.ValueTextEquals("message_delta"u8) ? EventKind.MessageDelta
        : reader.ValueTextEquals("message_stop"u8) ? EventKind.MessageStop
        : reader.ValueTextEquals("error"u8) ? EventKind.Error
        : EventKind.Other;

    // A content_block (start) or delta object. Both carry text under a name that says its kind; a tool_use block
    // may start with a non-empty input object, reported as tool arguments in its JSON form.
    private void ReadBlockOrDelta(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref string? stopReason)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var kind = reader.ValueTextEquals("text"u8) ? StreamDeltaKind.Text
                : reader.ValueTextEquals("partial_json"u8) ? StreamDeltaKind.ToolArguments
                : reader.ValueTextEquals("thinking"u8) ? StreamDeltaKind.Reasoning
                : (StreamDeltaKind?)null;
            if (kind is { } textKind)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    _deltas.AddString(ref reader, textKind, 0, 0);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                var input = data[start..(int)reader.BytesConsumed];
                if (isObject && !input.SequenceEqual("{}"u8))
                {
                    _deltas.AddUtf8(input, StreamDeltaKind.ToolArguments, 0, 0);
                }
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                stopReason = StreamJson.ReadReason(ref reader);
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, ref string? id, ref string? model, ref long? outputTokens)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                outputTokens = ReadOutputTokens(ref reader) ?? outputTokens;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }
    }

    private static long? ReadOutputTokens(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long? tokens = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("output_tokens"u8))
            {
                tokens = StreamJson.ReadInt64(ref reader);
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return tokens;
    }

    private byte[] BuildStop(string stopReason)
    {
        using var sse = new SseEventBuilder();
        Utf8JsonWriter json;
        if (!_messageStarted)
        {
            // SDKs that accumulate the message reject any event before message_start.
            json = sse.StartEvent("message_start");
            json.WriteStartObject();
            json.WriteString("type", "message_start");
            json.WriteStartObject("message");
            json.WriteString("id", _id ?? FallbackId);
            json.WriteString("type", "message");
            json.WriteString("role", "assistant");
            json.WriteString("model", Model ?? string.Empty);
            json.WriteStartArray("content");
            json.WriteEndArray();
            json.WriteNull("stop_reason");
            json.WriteNull("stop_sequence");
            json.WriteStartObject("usage");
            json.WriteNumber("input_tokens", 0);
            json.WriteNumber("output_tokens", 0);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            sse.EndEvent();
        }

        foreach (var index in _openBlocks)
        {
            json = sse.StartEvent("content_block_stop");
            json.WriteStartObject();
            json.WriteString("type", "content_block_stop");
            json.WriteNumber("index", index);
            json.WriteEndObject();
            sse.EndEvent();
        }

        json = sse.StartEvent("message_delta");
        json.WriteStartObject();
        json.WriteString("type", "message_delta");
        json.WriteStartObject("delta");
        json.WriteString("stop_reason", stopReason);
        json.WriteNull("stop_sequence");
        if (stopReason == "refusal")
        {
            // Shape of the official SDKs' RefusalStopDetails. The category is left null: Anthropic's categories are
            // its own policy areas, and a refusal from this proxy must not name what triggered it.
            json.WriteStartObject("stop_details");
            json.WriteString("type", "refusal");
            json.WriteNull("category");
            json.WriteNull("explanation");
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("usage");
        json.WriteNumber("output_tokens", _outputTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        sse.EndEvent();

        json = sse.StartEvent("message_stop");
        json.WriteStartObject();
        json.WriteString("type", "message_stop");
        json.WriteEndObject();
        sse.EndEvent();
        return sse.ToArray();
    }
}
