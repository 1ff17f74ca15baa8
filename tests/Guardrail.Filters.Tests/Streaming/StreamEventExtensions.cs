using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>What the assembler tests look at: the deltas read from the API's known fields, without the structural
/// sweep's <see cref="StreamDeltaKind.Other"/> strings (covered by their own tests).</summary>
internal static class StreamEventExtensions
{
    public static ReadOnlyMemory<StreamDelta> Generated(this StreamEvent result)
        => result.Deltas.ToArray().Where(d => d.Kind != StreamDeltaKind.Other).ToArray();

    public static StreamDelta[] Others(this StreamEvent result)
        => result.Deltas.ToArray().Where(d => d.Kind == StreamDeltaKind.Other).ToArray();
}
