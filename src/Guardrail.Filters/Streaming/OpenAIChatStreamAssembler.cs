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
internal sealed class OpenAIChatStreamAssembler : OpenAIStreamAssemblerBase
{
    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    public OpenAIChatStreamAssembler(string? fallbackModel = null, string? requestId = null)
        : base(fallbackModel, "chatcmpl-" + (requestId ?? "guardrail"), "chat.completion.chunk")
    {
    }

    public override string AdapterName => Adapters.OpenAIChatAdapter.Instance.Name;

    protected override ReadOnlySpan<byte> ChoiceTextProperty => "delta"u8;

    // Every reader below consumes its whole value even after a failure (so parsing stays in step) and reports only
    // the first failure.
    protected override string? ReadChoiceText(ref Utf8JsonReader reader, ReadOnlySpan<byte> data) =>
        StreamJson.IsObjectOrSkip(ref reader, "choices[].delta", out var notObject) ? ReadDelta(ref reader, data) : notObject;

    protected override bool OpensChoices => true;

    // As the API's own first chunk: role, empty content, and the refusal (null for a halt, the text for a refused
    // request, where the non-streamed answer puts it in message.refusal).
    protected override void WriteOpeningChoice(Utf8JsonWriter json, int index, string? refusal)
    {
        json.WriteNumber("index", index);
        json.WriteStartObject("delta");
        json.WriteString("role", "assistant");
        json.WriteString("content", string.Empty);
        if (refusal is null)
        {
            json.WriteNull("refusal");
        }
        else
        {
            json.WriteString("refusal", refusal);
        }

        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteNull("finish_reason");
    }

    protected override void WriteStopChoice(Utf8JsonWriter json, int index, string finishReason)
    {
        json.WriteNumber("index", index);
        json.WriteStartObject("delta");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
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
                var inside = Deltas.AddText(ref reader, kind);
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
        if (!StreamJson.IsObjectOrSkip(ref reader, "choices[].delta.audio", out var notObject))
        {
            return notObject;
        }

        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("transcript"u8))
            {
                reader.Read();
                var inside = Deltas.AddText(ref reader, StreamDeltaKind.Text);
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
        if (!StreamJson.IsObjectOrSkip(ref reader, "choices[].delta.tool_calls[]", out var notObject))
        {
            return notObject;
        }

        var mark = Deltas.Count;
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

        Deltas.SetSubIndex(mark, toolIndex);
        return error;
    }

    // Reader on the function value. Arguments are a JSON string; some compatible servers send the JSON itself.
    private string? ReadFunction(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, string path)
    {
        if (!StreamJson.IsObjectOrSkip(ref reader, path, out var notObject))
        {
            return notObject;
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
                        Deltas.AddString(ref reader, StreamDeltaKind.ToolArguments, 0, 0);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Deltas.AddRawJson(ref reader, data, StreamDeltaKind.ToolArguments);
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
}
