namespace Guardrail.Filters.Streaming;

/// <summary>
/// One piece of generated text from one event. <see cref="Text"/> points into the assembler's buffer and is valid
/// only until its next <see cref="IStreamAssembler.Process"/> call.
/// </summary>
internal readonly struct StreamDelta
{
    public StreamDelta(StreamDeltaKind kind, int index, int subIndex, ReadOnlyMemory<char> text, int sourceStart = -1, int sourceEnd = -1)
    {
        Kind = kind;
        Index = index;
        SubIndex = subIndex;
        Text = text;
        SourceStart = sourceStart;
        SourceEnd = sourceEnd;
    }

    public StreamDeltaKind Kind { get; }

    /// <summary>Which parallel stream the text belongs to: the OpenAI choice index, the Anthropic content block
    /// index, or the Responses output index.</summary>
    public int Index { get; }

    /// <summary>Finer position inside <see cref="Index"/>: the OpenAI tool call index, the Responses content or
    /// summary index; for <see cref="StreamDeltaKind.Other"/> the JSON path the string was found at; 0 elsewhere.</summary>
    public int SubIndex { get; }

    /// <summary>The text, JSON-unescaped. A surrogate pair split across two events stays split (one half in each),
    /// so concatenating deltas restores it.</summary>
    public ReadOnlyMemory<char> Text { get; }

    /// <summary>Where in the event's data the JSON value this text was read from starts (-1 when not from the data):
    /// the structural sweep leaves strings inside [<see cref="SourceStart"/>, <see cref="SourceEnd"/>) to this
    /// delta instead of reading them twice.</summary>
    public int SourceStart { get; }

    /// <summary>Where the JSON value this text was read from ends (exclusive), or -1.</summary>
    public int SourceEnd { get; }

    /// <summary>The same text and source with another position.</summary>
    public StreamDelta With(StreamDeltaKind kind, int index, int subIndex) => new(kind, index, subIndex, Text, SourceStart, SourceEnd);
}
