using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// OpenAI Responses API streams: typed events (<c>event:</c> line plus a <c>type</c> in the data) with a
/// <c>sequence_number</c>. Text comes from <c>response.output_text.delta</c>, <c>response.refusal.delta</c> and
/// <c>response.audio.transcript.delta</c>; tool input from <c>response.function_call_arguments.delta</c> (and the
/// custom-tool, MCP and code-interpreter input deltas); reasoning from <c>response.reasoning_summary_text.delta</c>
/// and <c>response.reasoning_text.delta</c>. The event type is read from the data's <c>type</c>, which the API
/// always sends; the <c>event:</c> line only duplicates it.
/// </summary>
internal sealed class OpenAIResponsesStreamAssembler : IStreamAssembler
{
    private const string FallbackId = "resp_guardrail";

    private readonly DeltaCollector _deltas = new();
    private readonly HashSet<int> _openOutputs = [];
    private string? _id;
    private readonly string? _fallbackModel;
    private string? _model;
    private long? _createdAt;
    private long? _lastSequenceNumber;
    private byte[]? _responseSnapshot;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    public OpenAIResponsesStreamAssembler(string? fallbackModel = null) => _fallbackModel = fallbackModel;

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
        OutputItemAdded,
        OutputItemDone,
    }

    public string AdapterName => StreamAssemblerFactory.OpenAIResponses;

    public string? Id => _id;

    public string? Model => _model ?? _fallbackModel;

    public bool HasTerminated { get; private set; }

    /// <summary>The highest <c>sequence_number</c> seen; a halt continues from the next one.</summary>
    public long? LastSequenceNumber => _lastSequenceNumber;

    /// <summary>Output items added and not yet done (<c>output_index</c> values).</summary>
    public IReadOnlyCollection<int> OpenOutputIndexes => _openOutputs;

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
            result = ParseEvent(data);
        }
        catch (JsonException)
        {
            _deltas.Reset();
            return StreamEvent.Malformed(StreamJson.NotJson);
        }

        HasTerminated |= result.IsTerminal;
        return result;
    }

    public byte[] BuildContentFilterHalt() => BuildStop("content_filter");

    public byte[] BuildLengthStop() => BuildStop("max_output_tokens");

    private StreamEvent ParseEvent(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data, StreamJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEvent.Malformed(StreamJson.NotObject);
        }

        var kind = EventKind.Other;
        var typeSeen = false;
        (int Start, int Length) delta = default;
        var hasDelta = false;
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
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    // Copied before the type is known (property order is not guaranteed); dropped if not text.
                    delta = _deltas.CopyString(ref reader);
                    hasDelta = true;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("sequence_number"u8))
            {
                sequenceNumber = StreamJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                outputIndex = StreamJson.ReadInt32(ref reader) ?? 0;
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
            case EventKind.TextDelta or EventKind.ToolDelta or EventKind.ReasoningDelta when hasDelta:
                var deltaKind = kind switch
                {
                    EventKind.TextDelta => StreamDeltaKind.Text,
                    EventKind.ToolDelta => StreamDeltaKind.ToolArguments,
                    _ => StreamDeltaKind.Reasoning,
                };
                _deltas.Add(deltaKind, outputIndex, subIndex, delta.Start, delta.Length);
                return new StreamEvent { Deltas = _deltas.Deltas };
            case EventKind.OutputItemAdded:
                _openOutputs.Add(outputIndex);
                return default;
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
            if (reader.ValueTextEquals("id"u8) && _id is null)
            {
                info.Id = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8) && _model is null)
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
        _id ??= response.Id;
        _model ??= response.Model;
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
        var sequence = _lastSequenceNumber + 1 ?? 0;
        using var sse = new SseEventBuilder();
        if (_responseSnapshot is null)
        {
            // Nothing announced yet: SDKs that accumulate a response expect response.created first.
            var created = FallbackResponse();
            var writer = sse.StartEvent("response.created");
            writer.WriteStartObject();
            writer.WriteString("type", "response.created");
            writer.WriteNumber("sequence_number", sequence++);
            writer.WritePropertyName("response");
            created.WriteTo(writer);
            writer.WriteEndObject();
            sse.EndEvent();
        }

        var response = (_responseSnapshot is null ? null : JsonNode.Parse(_responseSnapshot) as JsonObject) ?? FallbackResponse();
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

    private JsonObject FallbackResponse() => new()
    {
        ["id"] = _id ?? FallbackId,
        ["object"] = "response",
        ["created_at"] = _createdAt ?? 0,
        ["status"] = "in_progress",
        ["error"] = null,
        ["incomplete_details"] = null,
        ["instructions"] = null,
        ["model"] = Model ?? string.Empty,
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
