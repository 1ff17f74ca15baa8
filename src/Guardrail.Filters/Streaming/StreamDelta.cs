namespace Guardrail.Filters.Streaming;

/// <summary>
/// One piece of generated text from one event. <see cref="Text"/> points into the assembler's buffer and is valid
/// only until its next <see cref="IStreamAssembler.Process"/> call.
/// </summary>
internal readonly struct StreamDelta
{
    public StreamDelta(StreamDeltaKind kind, int index, int subIndex, ReadOnlyMemory<char> text)
    {
        Kind = kind;
        Index = index;
        SubIndex = subIndex;
        Text = text;
    }

    public StreamDeltaKind Kind { get; }

    /// <summary>Which parallel stream the text belongs to: the OpenAI choice index, the Anthropic content block
    /// index, or the Responses output index.</summary>
    public int Index { get; }

    /// <summary>Finer position inside <see cref="Index"/>: the OpenAI tool call index, the Responses content or
    /// summary index; 0 elsewhere.</summary>
    public int SubIndex { get; }

    /// <summary>The text, JSON-unescaped. A surrogate pair split across two events stays split (one half in each),
    /// so concatenating deltas restores it.</summary>
    public ReadOnlyMemory<char> Text { get; }
}
