using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// OpenAI Responses API streams: typed events (<c>event:</c> line plus a <c>type</c> in the data) with a
/// <c>sequence_number</c>. Text comes from <c>response.output_text.delta</c>, <c>response.refusal.delta</c> and
/// <c>response.audio.transcript.delta</c>; tool input from <c>response.function_call_arguments.delta</c> (and the
/// custom-tool, MCP and code-interpreter input deltas); reasoning from <c>response.reasoning_summary_text.delta</c>
/// and <c>response.reasoning_text.delta</c>. Text already present when a part or output item is added
/// (<c>response.content_part.added</c>, <c>response.reasoning_summary_part.added</c>,
/// <c>response.output_item.added</c>; empty from the API, but shown by SDKs that accumulate) is reported too. The
/// <c>.done</c> events and <c>response.completed</c> repeat text already streamed and are not read. A delta that is
/// neither a string nor content parts makes the event malformed rather than text-free. The event type is read from
/// the data's <c>type</c>, which the API always sends; the <c>event:</c> line only duplicates it.
/// </summary>
internal sealed class OpenAIResponsesStreamAssembler : StreamAssemblerBase
{
    // Named in a halt before the stream announced its own (SDKs copy both into the final response).
    private readonly string _fallbackId;
    private readonly long _fallbackCreatedAt;

    private readonly HashSet<int> _openOutputs = [];
    private long? _createdAt;
    private long? _lastSequenceNumber;
    private byte[]? _responseSnapshot;
    private byte[]? _committedSnapshot;

    // What the client has received (see Commit): a halt continues its sequence numbers, and announces the response
    // again when the stream's own announcement was held and dropped.
    private long? _committedSequenceNumber;
    private bool _committedAnnounced;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    public OpenAIResponsesStreamAssembler(string? fallbackModel = null, string? requestId = null)
        : base(fallbackModel)
    {
        _fallbackId = "resp_" + (requestId ?? "guardrail");
        _fallbackCreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    private enum EventKind
    {
        Other,
        Created,
        Completed,
        Incomplete,
        Failed,
        Error,
        TextDelta,
        ToolDelta,
        ReasoningDelta,
        PartAdded,
        ReasoningPartAdded,
        OutputItemAdded,
        OutputItemDone,
    }

    public override string AdapterName => Adapters.OpenAIResponsesAdapter.Instance.Name;

    /// <summary>The highest <c>sequence_number</c> processed; a halt continues from the next committed one.</summary>
    public long? LastSequenceNumber => _lastSequenceNumber;

    /// <summary>Output items added and not yet done (<c>output_index</c> values).</summary>
    public IReadOnlyCollection<int> OpenOutputIndexes => _openOutputs;

    public override byte[] BuildContentFilterHalt() => BuildStop("content_filter");

    public override byte[] BuildLengthStop() => BuildStop("max_output_tokens");

    // The non-streamed refusal is a response with status incomplete and reason content_filter: the same here.
    public override byte[] BuildInputRefusal() => BuildStop("content_filter");

    protected override void CommitState()
    {
        _committedSequenceNumber = _lastSequenceNumber;
        _committedAnnounced = _responseSnapshot is not null;
        _committedSnapshot = _responseSnapshot;
    }

    // The type in the data says whether an event is an error, so an "event: error" line adds nothing.
    protected override StreamEvent ParseEvent(ReadOnlySpan<byte> data, bool errorEvent)
    {
        var reader = new Utf8JsonReader(data, StreamJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEvent.Malformed(StreamJson.NotObject);
        }

        var kind = EventKind.Other;
        var typeSeen = false;

        // Where each text-bearing field's deltas landed (the last occurrence wins, as in the SDKs' JSON parsers) and
        // what was wrong with it; which one counts depends on the type, which may come after them.
        (int Start, int End, string? Error) delta = default, part = default, item = default;
        long? sequenceNumber = null;
        var outputIndex = 0;
        var subIndex = 0;
        var response = default(ResponseInfo);
        var responseStart = -1;
        var responseEnd = -1;
        string? errorCode = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    typeSeen = true;
                    kind = Classify(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                // Skipped once the type says it is not text (e.g. base64 audio): not worth copying. Before the type is
                // known (property order is not guaranteed) it is read anyway, dropped if not text.
                ReadTextField(ref reader, data, TextField.Delta, skip: typeSeen && !IsDelta(kind), ref delta);
            }
            else if (reader.ValueTextEquals("part"u8))
            {
                // Done parts repeat the text already streamed.
                ReadTextField(ref reader, data, TextField.Part, skip: typeSeen && kind is not (EventKind.PartAdded or EventKind.ReasoningPartAdded), ref part);
            }
            else if (reader.ValueTextEquals("item"u8))
            {
                // Done items repeat the text already streamed.
                ReadTextField(ref reader, data, TextField.Item, skip: typeSeen && kind != EventKind.OutputItemAdded, ref item);
            }
            else if (reader.ValueTextEquals("sequence_number"u8))
            {
                sequenceNumber = StreamJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                outputIndex = StreamJson.ReadInt32(ref reader) ?? 0;
                EventIndex = outputIndex;
            }
            else if (reader.ValueTextEquals("content_index"u8) || reader.ValueTextEquals("summary_index"u8))
            {
                subIndex = StreamJson.ReadInt32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    responseStart = (int)reader.TokenStartIndex;
                    response = ReadResponse(ref reader);
                    responseEnd = (int)reader.BytesConsumed;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                errorCode = reader.TokenType == JsonTokenType.String ? reader.GetString() : errorCode;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                StreamJson.ReadError(ref reader, out var nestedCode);
                errorCode ??= nestedCode;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        StreamJson.EnsureEnd(ref reader);
        if (!typeSeen)
        {
            return StreamEvent.Malformed("event has no 'type'");
        }

        if (sequenceNumber is { } sequence && (_lastSequenceNumber is null || sequence > _lastSequenceNumber))
        {
            _lastSequenceNumber = sequence;
        }

        if (responseStart >= 0)
        {
            Remember(response, kind == EventKind.Created ? data[responseStart..responseEnd] : default);
        }

        switch (kind)
        {
            case EventKind.TextDelta:
                return Report(delta, StreamDeltaKind.Text, outputIndex, subIndex);
            case EventKind.ToolDelta:
                return Report(delta, StreamDeltaKind.ToolArguments, outputIndex, subIndex);
            case EventKind.ReasoningDelta:
                return Report(delta, StreamDeltaKind.Reasoning, outputIndex, subIndex);
            case EventKind.PartAdded:
                return Report(part, StreamDeltaKind.Text, outputIndex, subIndex);
            case EventKind.ReasoningPartAdded:
                return Report(part, StreamDeltaKind.Reasoning, outputIndex, subIndex);
            case EventKind.OutputItemAdded:
                _openOutputs.Add(outputIndex);
                return Report(item, null, outputIndex, 0);
            case EventKind.OutputItemDone:
                _openOutputs.Remove(outputIndex);
                return default;
            case EventKind.Completed:
                return new StreamEvent { IsTerminal = true, FinishReason = "completed" };
            case EventKind.Incomplete:
                return new StreamEvent { IsTerminal = true, FinishReason = response.IncompleteReason ?? "incomplete" };
            case EventKind.Failed:
                return new StreamEvent { IsTerminal = true, FinishReason = "failed", IsUpstreamError = true, UpstreamErrorCode = response.ErrorCode };
            case EventKind.Error:
                return new StreamEvent { IsTerminal = true, IsUpstreamError = true, UpstreamErrorCode = errorCode };
            default:
                return default;
        }
    }

    // The fields that may carry an event's text; which one counts depends on the event's type.
    private enum TextField
    {
        Delta,
        Part,
        Item,
    }

    private static bool IsDelta(EventKind kind) => kind is EventKind.TextDelta or EventKind.ToolDelta or EventKind.ReasoningDelta;

    // Reads one text-bearing field's value, or skips it, recording where its deltas landed and what was wrong with it.
    // A skipped occurrence leaves what an earlier one recorded.
    private void ReadTextField(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> data, TextField field, bool skip, ref (int Start, int End, string? Error) found)
    {
        reader.Read();
        if (skip)
        {
            reader.Skip();
            return;
        }

        var start = Deltas.Count;
        var error = field switch
        {
            TextField.Delta => NotText("delta", Deltas.AddText(ref reader, StreamDeltaKind.Text)),
            TextField.Part => NotText("part", Deltas.AddPartText(ref reader, StreamDeltaKind.Text)),
            _ => ReadItem(ref reader, data),
        };
        found = (start, Deltas.Count, error);

        static string? NotText(string path, string? inside) => inside is null ? null : StreamJson.NotText(path, inside);
    }

    // The deltas of the one field that carries this event's text, tagged with the event's kind and position.
    private StreamEvent Report((int Start, int End, string? Error) field, StreamDeltaKind? kind, int index, int subIndex)
    {
        if (field.Error is not null)
        {
            Deltas.Reset();
            return StreamEvent.Malformed(field.Error);
        }

        Deltas.Keep(field.Start, field.End);
        Deltas.Retag(0, kind, index, subIndex);
        return new StreamEvent { Deltas = Deltas.Deltas };
    }

    // An output item as first announced: a function, custom tool, MCP or code-interpreter call's input so far, a
    // message's content parts, a reasoning item's summary. Consumes the whole value even after a failure.
    private string? ReadItem(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (!StreamJson.IsObjectOrSkip(ref reader, "item", out var notObject))
        {
            return notObject;
        }

        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (field, kind) = reader.ValueTextEquals("arguments"u8) ? ("arguments", StreamDeltaKind.ToolArguments)
                : reader.ValueTextEquals("input"u8) ? ("input", StreamDeltaKind.ToolArguments)
                : reader.ValueTextEquals("code"u8) ? ("code", StreamDeltaKind.ToolArguments)
                : reader.ValueTextEquals("content"u8) ? ("content", StreamDeltaKind.Text)
                : reader.ValueTextEquals("summary"u8) ? ("summary", StreamDeltaKind.Reasoning)
                : ((string?)null, StreamDeltaKind.Text);
            reader.Read();
            if (field is null)
            {
                reader.Skip();
                continue;
            }

            if (kind == StreamDeltaKind.ToolArguments && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                Deltas.AddRawJson(ref reader, data, kind);
                continue;
            }

            var inside = Deltas.AddText(ref reader, kind);
            if (inside is not null)
            {
                error ??= StreamJson.NotText("item." + field, inside);
            }
        }

        return error;
    }

    private static EventKind Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("response.output_text.delta"u8)
            || reader.ValueTextEquals("response.refusal.delta"u8)
            || reader.ValueTextEquals("response.audio.transcript.delta"u8)
            || reader.ValueTextEquals("response.audio_transcript.delta"u8))
        {
            return EventKind.TextDelta;
        }

        if (reader.ValueTextEquals("response.function_call_arguments.delta"u8)
            || reader.ValueTextEquals("response.custom_tool_call_input.delta"u8)
            || reader.ValueTextEquals("response.mcp_call_arguments.delta"u8)
            || reader.ValueTextEquals("response.code_interpreter_call_code.delta"u8))
        {
            return EventKind.ToolDelta;
        }

        if (reader.ValueTextEquals("response.reasoning_summary_text.delta"u8) || reader.ValueTextEquals("response.reasoning_text.delta"u8))
        {
            return EventKind.ReasoningDelta;
        }

        return reader.ValueTextEquals("response.output_item.added"u8) ? EventKind.OutputItemAdded
            : reader.ValueTextEquals("response.content_part.added"u8) ? EventKind.PartAdded
            : reader.ValueTextEquals("response.reasoning_summary_part.added"u8) ? EventKind.ReasoningPartAdded
            : reader.ValueTextEquals("response.output_item.done"u8) ? EventKind.OutputItemDone
            : reader.ValueTextEquals("response.created"u8) || reader.ValueTextEquals("response.in_progress"u8) || reader.ValueTextEquals("response.queued"u8) ? EventKind.Created
            : reader.ValueTextEquals("response.completed"u8) ? EventKind.Completed
            : reader.ValueTextEquals("response.incomplete"u8) ? EventKind.Incomplete
            : reader.ValueTextEquals("response.failed"u8) ? EventKind.Failed
            : reader.ValueTextEquals("error"u8) ? EventKind.Error
            : EventKind.Other;
    }

    private ResponseInfo ReadResponse(ref Utf8JsonReader reader)
    {
        var info = default(ResponseInfo);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8) && Id is null)
            {
                info.Id = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8) && AnnouncedModel is null)
            {
                info.Model = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created_at"u8) && _createdAt is null)
            {
                info.CreatedAt = StreamJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("incomplete_details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("reason"u8))
                        {
                            info.IncompleteReason = StreamJson.ReadReason(ref reader);
                        }
                        else
                        {
                            StreamJson.SkipValue(ref reader);
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                StreamJson.ReadError(ref reader, out var code);
                info.ErrorCode = code;
            }
            else
            {
                StreamJson.SkipValue(ref reader);
            }
        }

        return info;
    }

    private void Remember(ResponseInfo response, ReadOnlySpan<byte> snapshot)
    {
        Id ??= response.Id;
        AnnouncedModel ??= response.Model;
        _createdAt ??= response.CreatedAt;
        if (!snapshot.IsEmpty)
        {
            // The response object as the stream announced it (created / in_progress): a halt echoes it, so SDKs that
            // read the final response find every field the real API would send. Bounded by the reader's event cap.
            _responseSnapshot = snapshot.ToArray();
        }
    }

    private byte[] BuildStop(string reason)
    {
        var sequence = _committedSequenceNumber + 1 ?? 0;

        // The announced response object is echoed only once judged (see DistrustUncommitted).
        var snapshot = Distrusted ? _committedSnapshot : _responseSnapshot;
        using var sse = new SseEventBuilder();
        if (!_committedAnnounced)
        {
            // Nothing announced to the client yet (or the announcement was held and dropped): SDKs that accumulate a
            // response expect response.created first. The stream's own response object is reused when known.
            var created = Echoed(snapshot) ?? FallbackResponse();
            var writer = sse.StartEvent("response.created");
            writer.WriteStartObject();
            writer.WriteString("type", "response.created");
            writer.WriteNumber("sequence_number", sequence++);
            writer.WritePropertyName("response");
            created.WriteTo(writer);
            writer.WriteEndObject();
            sse.EndEvent();
        }

        var response = Echoed(snapshot) ?? FallbackResponse();
        response["status"] = "incomplete";
        response["incomplete_details"] = new JsonObject { ["reason"] = reason };

        var json = sse.StartEvent("response.incomplete");
        json.WriteStartObject();
        json.WriteString("type", "response.incomplete");
        json.WriteNumber("sequence_number", sequence);
        json.WritePropertyName("response");
        response.WriteTo(json);
        json.WriteEndObject();
        sse.EndEvent();
        return sse.ToArray();
    }

    /// <summary>
    /// The announced response object to echo, with a model a client accepts: an upstream that announced none or an
    /// empty one (some OpenAI-compatible servers) gets the request's model, as every other halt names it.
    /// </summary>
    private JsonObject? Echoed(byte[]? snapshot)
    {
        if (snapshot is null || JsonNode.Parse(snapshot) is not JsonObject response)
        {
            return null;
        }

        if (response["model"] is not JsonValue model || !model.TryGetValue<string>(out var name) || name.Length == 0)
        {
            response["model"] = Model;
        }

        return response;
    }

    private JsonObject FallbackResponse() => new()
    {
        ["id"] = HaltId ?? _fallbackId,
        ["object"] = "response",
        ["created_at"] = _createdAt ?? _fallbackCreatedAt,
        ["status"] = "in_progress",
        ["error"] = null,
        ["incomplete_details"] = null,
        ["instructions"] = null,
        ["model"] = Model,
        ["output"] = new JsonArray(),
        ["parallel_tool_calls"] = true,
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["usage"] = null,
        ["metadata"] = new JsonObject(),
    };

    private struct ResponseInfo
    {
        public string? Id;
        public string? Model;
        public long? CreatedAt;
        public string? IncompleteReason;
        public string? ErrorCode;
    }
}
