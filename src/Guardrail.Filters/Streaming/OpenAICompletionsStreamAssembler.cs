using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// OpenAI legacy Completions streams (<c>/v1/completions</c>, still served by vLLM, TGI and Ollama): <c>data:</c>
/// chunks of <c>text_completion</c> whose text is <c>choices[].text</c>, ending with <c>data: [DONE]</c>. A text that
/// is neither a string nor content parts makes the event malformed rather than text-free.
/// </summary>
internal sealed class OpenAICompletionsStreamAssembler : OpenAIStreamAssemblerBase
{
    /// <param name="fallbackModel">Model to name in a halt sent before the stream announced one (the request's model).</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    public OpenAICompletionsStreamAssembler(string? fallbackModel = null, string? requestId = null)
        : base(fallbackModel, "cmpl-" + (requestId ?? "guardrail"), "text_completion")
    {
    }

    public override string AdapterName => Adapters.OpenAICompletionsAdapter.Instance.Name;

    protected override ReadOnlySpan<byte> ChoiceTextProperty => "text"u8;

    protected override string? ReadChoiceText(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var inside = Deltas.AddText(ref reader, StreamDeltaKind.Text);
        return inside is null ? null : StreamJson.NotText("choices[].text", inside);
    }

    protected override void WriteStopChoice(Utf8JsonWriter json, int index, string finishReason)
    {
        json.WriteString("text", string.Empty);
        json.WriteNumber("index", index);
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
    }
}
