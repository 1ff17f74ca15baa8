using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Anthropic Messages streams: <c>message_start</c>, then per content block <c>content_block_start</c>,
/// <c>content_block_delta</c>s and <c>content_block_stop</c>, then <c>message_delta</c> (stop reason, usage) and
/// <c>message_stop</c>; <c>ping</c> and <c>error</c> may come at any time. Text comes from <c>text_delta</c>, tool
/// input from <c>input_json_delta.partial_json</c>, reasoning from <c>thinking_delta</c>, and the same fields of a
/// <c>content_block_start</c> block or of blocks already in <c>message_start</c>'s content. A text field that is
/// neither a string nor content parts makes the event malformed rather than text-free. The event type is read from
/// the data's <c>type</c>, which the API always sends.
/// </summary>
internal sealed class AnthropicMessagesStreamAssembler : StreamAssemblerBase
{
    // Named in a message_start the halt synthesises before the stream announced its own.
    private readonly string _fallbackId;

    private readonly List<int> _openBlocks = [];
    private long _outputTokens;
    private bool _messageStarted;

    // What the client has received (see Commit): a halt closes the blocks the client saw open, not those held.
    private readonly List<int> _committedBlocks = [];
    private bool _blocksChanged;
    private long _committedOutputTokens;
    private bool _committedMessageStarted;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    public AnthropicMessagesStreamAssembler(string? fallbackModel = null, string? requestId = null)
        : base(fallbackModel)
    {
        _fallbackId = "msg_" + (requestId ?? "guardrail");
    }

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

    public override string AdapterName => Adapters.AnthropicMessagesAdapter.Instance.Name;

    /// <summary>Content blocks started and not yet stopped, in start order (as processed, committed or not).</summary>
    public IReadOnlyList<int> OpenBlocks => _openBlocks;

    /// <summary>The latest <c>usage.output_tokens</c> the stream reported.</summary>
    public long OutputTokens => _outputTokens;

    public override byte[] BuildContentFilterHalt() => BuildStop("refusal", explanation: null);

    public override byte[] BuildLengthStop() => BuildStop("max_tokens", explanation: null);

    // As the non-streamed refusal: stop_details carries the neutral sentence (a halt's says nothing).
    public override byte[] BuildInputRefusal() => BuildStop("refusal", RefusalText.InputRefused);

    protected override void CommitState()
    {
        if (_blocksChanged)
        {
            _committedBlocks.Clear();
            _committedBlocks.AddRange(_openBlocks);
            _blocksChanged = false;
        }

        _committedOutputTokens = _outputTokens;
        _committedMessageStarted = _messageStarted;
    }

    protected override StreamEvent ParseEvent(ReadOnlySpan<byte> data, bool errorEvent)
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
        string? textError = null;
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
                EventIndex = index ?? 0;
            }
            else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("content_block"u8))
            {
                // Text fields are told apart by name (text, partial_json, thinking), so no need to know the type first.
                var path = reader.ValueTextEquals("delta"u8) ? "delta" : "content_block";
                reader.Read();
                var blockError = StreamJson.IsObjectOrSkip(ref reader, path, out var notObject)
                    ? ReadBlockOrDelta(ref reader, data, ref stopReason, path)
                    : notObject;
                textError ??= blockError;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var messageError = ReadMessage(ref reader, data, ref messageId, ref messageModel, ref outputTokens);
                    textError ??= messageError;
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
            Deltas.Reset();
            return StreamEvent.Malformed("event has no 'type'");
        }

        if (kind is not (EventKind.BlockStart or EventKind.BlockDelta or EventKind.MessageStart))
        {
            // Other events' text is not shown by the SDKs, so neither reported nor checked.
            Deltas.Reset();
            textError = null;
        }

        if (outputTokens is { } tokens)
        {
            _outputTokens = tokens;
        }

        switch (kind)
        {
            case EventKind.MessageStart:
                _messageStarted = true;
                Id ??= messageId;
                AnnouncedModel ??= messageModel;
                return Report(textError);
            case EventKind.BlockStart or EventKind.BlockDelta:
                if (index is not { } blockIndex)
                {
                    Deltas.Reset();
                    return StreamEvent.Malformed("content block event has no 'index'");
                }

                // Tracked even when the text is malformed: failing open, the client receives the event anyway.
                if (kind == EventKind.BlockStart && !_openBlocks.Contains(blockIndex))
                {
                    _openBlocks.Add(blockIndex);
                    _blocksChanged = true;
                }

                Deltas.SetIndex(0, blockIndex);
                return Report(textError);
            case EventKind.BlockStop:
                if (index is { } stopped)
                {
                    _blocksChanged |= _openBlocks.Remove(stopped);
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

    private StreamEvent Report(string? textError)
    {
        if (textError is null)
        {
            return new StreamEvent { Deltas = Deltas.Deltas };
        }

        Deltas.Reset();
        return StreamEvent.Malformed(textError);
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
    // may start with a non-empty input object, reported as tool arguments in its JSON form. Consumes the whole
    // object even after a failure and returns the first one.
    private string? ReadBlockOrDelta(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref string? stopReason, string path)
    {
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (field, kind) = reader.ValueTextEquals("text"u8) ? ("text", StreamDeltaKind.Text)
                : reader.ValueTextEquals("partial_json"u8) ? ("partial_json", StreamDeltaKind.ToolArguments)
                : reader.ValueTextEquals("thinking"u8) ? ("thinking", StreamDeltaKind.Reasoning)
                : ((string?)null, StreamDeltaKind.Text);
            if (field is not null)
            {
                reader.Read();
                var inside = Deltas.AddText(ref reader, kind);
                if (inside is not null)
                {
                    error ??= StreamJson.NotText(path + "." + field, inside);
                }
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Deltas.AddRawJson(ref reader, data, StreamDeltaKind.ToolArguments);
                        break;
                    case JsonTokenType.String:
                        Deltas.AddString(ref reader, StreamDeltaKind.ToolArguments, 0, 0);
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        error ??= StreamJson.NotText(path, ".input");
                        break;
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

        return error;
    }

    private string? ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref string? id, ref string? model, ref long? outputTokens)
    {
        string? error = null;
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
            else if (reader.ValueTextEquals("content"u8))
            {
                // Always empty from the API, but SDKs start their message from it, so any block in it is shown.
                reader.Read();
                var contentError = ReadMessageContent(ref reader, data);
                error ??= contentError;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return error;
    }

    private string? ReadMessageContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            reader.Skip();
            return isNull ? null : "'message.content' is not an array";
        }

        string? error = null;
        string? ignoredStop = null;
        var blockIndex = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                error ??= StreamJson.NotAnObject("message.content[]");
                continue;
            }

            var mark = Deltas.Count;
            var blockError = ReadBlockOrDelta(ref reader, data, ref ignoredStop, "message.content[]");
            error ??= blockError;
            Deltas.SetIndex(mark, blockIndex++);
        }

        return error;
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

    private byte[] BuildStop(string stopReason, string? explanation)
    {
        using var sse = new SseEventBuilder();
        Utf8JsonWriter json;
        if (!_committedMessageStarted)
        {
            // SDKs that accumulate the message reject any event before message_start (the stream's own may have
            // been held and dropped: its identity is still known and reused).
            json = sse.StartEvent("message_start");
            json.WriteStartObject();
            json.WriteString("type", "message_start");
            json.WriteStartObject("message");
            json.WriteString("id", HaltId ?? _fallbackId);
            json.WriteString("type", "message");
            json.WriteString("role", "assistant");
            json.WriteString("model", Model);
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

        foreach (var index in _committedBlocks)
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
            if (explanation is null)
            {
                json.WriteNull("explanation");
            }
            else
            {
                json.WriteString("explanation", explanation);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("usage");
        json.WriteNumber("output_tokens", _committedOutputTokens);
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
