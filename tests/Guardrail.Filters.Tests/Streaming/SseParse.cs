using System.Text.Json;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>Parses bytes an assembler produced (a halt or length stop) back into events with the reader under test
/// and System.Text.Json, asserting they are well-formed SSE that ends cleanly.</summary>
internal static class SseParse
{
    public static List<(string? EventType, string Data, JsonElement? Json)> Events(byte[] bytes)
    {
        var events = new List<(string?, string, JsonElement?)>();
        var raw = new List<byte>();
        using var reader = new SseFrameReader();
        reader.Append(bytes);
        reader.Complete();
        while (reader.TryRead(out var frame))
        {
            raw.AddRange(frame.Raw.ToArray());
            Assert.True(frame.HasData);
            var data = frame.GetDataString();
            JsonElement? json = data == "[DONE]" ? null : JsonDocument.Parse(data).RootElement.Clone();
            events.Add((frame.EventType, data, json));
        }

        Assert.Equal(SseReadError.None, reader.Error);
        Assert.Equal(bytes, raw);
        return events;
    }

    /// <summary>Feeds a stream prefix to a new assembler and returns it, asserting every event was understood. Each
    /// event is committed (released to the client) unless <paramref name="commit"/> is false.</summary>
    public static IStreamAssembler Feed(string adapter, byte[] prefix, string? fallbackModel = null, bool commit = true)
    {
        var assembler = TestAssemblers.Create(adapter, fallbackModel)!;
        using var reader = new SseFrameReader();
        reader.Append(prefix);
        while (reader.TryRead(out var frame))
        {
            Assert.Null(assembler.Process(frame).Error);
            if (commit)
            {
                assembler.Commit();
            }
        }

        return assembler;
    }

    /// <summary>Processes one event given as SSE text.</summary>
    public static StreamEvent ProcessOne(IStreamAssembler assembler, string sse)
    {
        using var reader = new SseFrameReader();
        reader.Append(System.Text.Encoding.UTF8.GetBytes(sse));
        Assert.True(reader.TryRead(out var frame));
        return assembler.Process(frame);
    }

    /// <summary>Processes events given as SSE data payloads (one <c>data:</c> line each, no event name), asserting
    /// each was understood.</summary>
    public static void ProcessData(IStreamAssembler assembler, params string[] payloads)
    {
        foreach (var payload in payloads)
        {
            Assert.Null(ProcessOne(assembler, "data: " + payload + "\n\n").Error);
        }
    }

    public static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
