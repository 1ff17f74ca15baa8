using System.Globalization;
using System.Text;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// Everything observable from feeding a byte stream through <see cref="SseFrameReader"/> and an assembler in a given
/// chunking: one line per frame (fields, raw length, what the assembler made of it), the raw bytes concatenated, the
/// reassembled text per kind and the reader's end state. Two chunkings of the same input must give equal transcripts.
/// </summary>
internal sealed class StreamTranscript
{
    public List<string> Events { get; } = [];

    public List<byte> Raw { get; } = [];

    public StringBuilder Text { get; } = new();

    public StringBuilder Reasoning { get; } = new();

    public StringBuilder ToolArguments { get; } = new();

    public List<string> Errors { get; } = [];

    public int TerminalEvents { get; private set; }

    public int UpstreamErrors { get; private set; }

    public SseReadError ReaderError { get; private set; }

    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public static StreamTranscript Run(byte[] input, IEnumerable<int> chunkLengths, string adapter, int maxEventSize = SseFrameReader.DefaultMaxEventSize)
    {
        var transcript = new StreamTranscript();
        using var reader = new SseFrameReader(maxEventSize);
        var assembler = TestAssemblers.Create(adapter) ?? throw new ArgumentException(adapter, nameof(adapter));
        var position = 0;
        foreach (var length in chunkLengths)
        {
            reader.Append(input.AsSpan(position, length));
            position += length;
            transcript.Drain(reader, assembler);
        }

        if (position != input.Length)
        {
            throw new ArgumentException("Chunk lengths do not cover the input.", nameof(chunkLengths));
        }

        reader.Complete();
        transcript.Drain(reader, assembler);
        transcript.ReaderError = reader.Error;
        transcript.Id = assembler.Id;
        transcript.Model = assembler.Model;
        return transcript;
    }

    public static IEnumerable<int> Whole(byte[] input) => input.Length == 0 ? [] : [input.Length];

    public static IEnumerable<int> SplitAt(byte[] input, int offset) => [offset, input.Length - offset];

    public static IEnumerable<int> Bytewise(byte[] input) => Enumerable.Repeat(1, input.Length);

    public static IEnumerable<int> Random(byte[] input, int seed, int maxChunk)
    {
        var random = new Random(seed);
        var remaining = input.Length;
        while (remaining > 0)
        {
            var length = Math.Min(remaining, random.Next(1, maxChunk + 1));
            remaining -= length;
            yield return length;
        }
    }

    private void Drain(SseFrameReader reader, IStreamAssembler assembler)
    {
        while (reader.TryRead(out var frame))
        {
            Raw.AddRange(frame.Raw.ToArray());
            var result = assembler.Process(frame);
            var line = new StringBuilder()
                .Append(frame.EventType ?? "-").Append('|')
                .Append(frame.Raw.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(frame.HasData ? frame.GetDataString() : "(no data)").Append('|')
                .Append(frame.IsCommentOnly ? "comment" : "fields").Append('|')
                .Append(frame.Id ?? "-").Append('|')
                .Append(result.IsTerminal ? "terminal" : "-").Append('|')
                .Append(result.FinishReason ?? "-").Append('|')
                .Append(result.IsUpstreamError ? "upstream-error:" + result.UpstreamErrorCode : "-").Append('|')
                .Append(result.Error ?? "-");
            foreach (var delta in result.Generated().Span)
            {
                line.Append('|').Append(delta.Kind).Append('@')
                    .Append(delta.Index.ToString(CultureInfo.InvariantCulture)).Append('.')
                    .Append(delta.SubIndex.ToString(CultureInfo.InvariantCulture)).Append('=')
                    .Append(delta.Text.Span);
                var target = delta.Kind switch
                {
                    StreamDeltaKind.Text => Text,
                    StreamDeltaKind.Reasoning => Reasoning,
                    _ => ToolArguments,
                };
                target.Append(delta.Text.Span);
            }

            Events.Add(line.ToString());
            TerminalEvents += result.IsTerminal ? 1 : 0;
            UpstreamErrors += result.IsUpstreamError ? 1 : 0;
            if (result.Error is not null)
            {
                Errors.Add(result.Error);
            }
        }
    }
}
