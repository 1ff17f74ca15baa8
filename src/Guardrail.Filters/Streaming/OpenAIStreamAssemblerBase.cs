using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// What the OpenAI Chat Completions and legacy Completions streams share: <c>data:</c> chunks with <c>id</c>,
/// <c>model</c>, <c>created</c>, <c>system_fingerprint</c> and a <c>choices</c> array, ending with
/// <c>data: [DONE]</c>, and a halt that finishes every open choice in one last chunk. A subclass says only which
/// choice field carries text, how to read it and how a finishing choice is written; keeping the envelope here keeps
/// the two APIs' error, terminal and halt behaviour from drifting apart.
/// </summary>
internal abstract class OpenAIStreamAssemblerBase : StreamAssemblerBase
{
    private readonly OpenAIChoiceTracker _choices = new();
    private readonly string _fallbackId;
    private readonly string _objectName;
    private string? _systemFingerprint;
    private string? _committedFingerprint;
    private long? _created;

    // SDKs copy `created` into the final completion; a halt before the stream announced one says when it began.
    private readonly long _fallbackCreated;

    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    /// <param name="fallbackId">The <c>id</c> a halt names before the stream announced one.</param>
    /// <param name="objectName">The chunk's <c>object</c> value in a halt, e.g. <c>chat.completion.chunk</c>.</param>
    protected OpenAIStreamAssemblerBase(string? fallbackModel, string fallbackId, string objectName)
        : base(fallbackModel)
    {
        _fallbackId = fallbackId;
        _objectName = objectName;
        _fallbackCreated = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>The <c>created</c> timestamp the stream announced, once seen.</summary>
    public long? Created => _created;

    /// <summary>The name of the <c>choices[]</c> property that carries the text (<c>delta</c>, <c>text</c>).</summary>
    protected abstract ReadOnlySpan<byte> ChoiceTextProperty { get; }

    public override byte[] BuildContentFilterHalt() => BuildStop("content_filter");

    public override byte[] BuildLengthStop() => BuildStop("length");

    public override byte[] BuildInputRefusal() => BuildStop("content_filter", RefusalText.InputRefused);

    /// <summary>
    /// Reads the value of a <c>choices[]</c> entry's <see cref="ChoiceTextProperty"/>, the reader on the value.
    /// Consumes the whole value even after a failure (so parsing stays in step) and returns the first failure, or null.
    /// </summary>
    protected abstract string? ReadChoiceText(ref Utf8JsonReader reader, ReadOnlySpan<byte> data);

    /// <summary>Writes one open choice of a halt chunk, finished with <paramref name="finishReason"/>.</summary>
    protected abstract void WriteStopChoice(Utf8JsonWriter json, int index, string finishReason);

    /// <summary>
    /// True when a choice the client has not seen a chunk of must be opened before a halt finishes it. Chat's stream
    /// accumulators (openai-node's <c>ChatCompletionStream</c>: "missing role for choice N") take the message's role
    /// from the first chunk of each choice; legacy Completions choices have no role.
    /// </summary>
    protected virtual bool OpensChoices => false;

    /// <summary>
    /// Writes the opening of choice <paramref name="index"/> (only when <see cref="OpensChoices"/>), with the refusal
    /// text to show (<paramref name="refusal"/>), or none for a halt.
    /// </summary>
    protected virtual void WriteOpeningChoice(Utf8JsonWriter json, int index, string? refusal)
    {
    }

    protected override void CommitState()
    {
        _choices.Commit();
        _committedFingerprint = _systemFingerprint;
    }

    protected override StreamEvent ParseEvent(ReadOnlySpan<byte> data, bool errorEvent)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return new StreamEvent { IsTerminal = true };
        }

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
            else if (reader.ValueTextEquals("id"u8) && Id is null)
            {
                Id = StreamJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8) && AnnouncedModel is null)
            {
                AnnouncedModel = StreamJson.ReadString(ref reader);
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
                else if (reader.ValueTextEquals(ChoiceTextProperty))
                {
                    reader.Read();
                    var textError = ReadChoiceText(ref reader, data);
                    error ??= textError;
                }
                else
                {
                    StreamJson.SkipValue(ref reader);
                }
            }

            // The index property may follow the text, so deltas get their index once the choice is read.
            Deltas.SetIndex(mark, index);
            _choices.Observe(index, finished: choiceFinish is not null);
            finishReason ??= choiceFinish;
        }

        return error;
    }

    private byte[] BuildStop(string finishReason, string? refusal = null)
    {
        using var sse = new SseEventBuilder();
        var open = _choices.OpenChoices();
        var unseen = OpensChoices ? open.FindAll(index => !_choices.IsCommittedSeen(index)) : [];
        if (unseen.Count > 0)
        {
            // The client saw no chunk of these choices (a halt before anything was released, or a refused request):
            // one chunk opens them, as the API's own first chunk does, before the one that finishes them.
            var opening = StartChunk(sse);
            foreach (var index in unseen)
            {
                opening.WriteStartObject();
                WriteOpeningChoice(opening, index, refusal);
                opening.WriteEndObject();
            }

            EndChunk(sse, opening);
        }

        WriteStopChunk(sse, finishReason, open);
        sse.WriteDone();
        return sse.ToArray();
    }

    private void WriteStopChunk(SseEventBuilder sse, string finishReason, List<int> open)
    {
        var json = StartChunk(sse);
        foreach (var index in open)
        {
            json.WriteStartObject();
            WriteStopChoice(json, index, finishReason);
            json.WriteEndObject();
        }

        EndChunk(sse, json);
    }

    // Every chunk a halt writes carries the envelope the SDKs copy into their final completion: id, object, created,
    // model (never empty) and the fingerprint the stream announced.
    private Utf8JsonWriter StartChunk(SseEventBuilder sse)
    {
        var json = sse.StartEvent(null);
        json.WriteStartObject();
        json.WriteString("id", HaltId ?? _fallbackId);
        json.WriteString("object", _objectName);
        json.WriteNumber("created", _created ?? _fallbackCreated);
        json.WriteString("model", Model);
        if ((Distrusted ? _committedFingerprint : _systemFingerprint) is { } fingerprint)
        {
            json.WriteString("system_fingerprint", fingerprint);
        }

        json.WriteStartArray("choices");
        return json;
    }

    private static void EndChunk(SseEventBuilder sse, Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
        sse.EndEvent();
    }
}
