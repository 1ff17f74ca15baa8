using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Builds the bytes of a few server-sent events (a halt or length stop): optional <c>event:</c> line, one
/// <c>data:</c> line of compact JSON, blank line. Used once per halted stream, so clarity wins over allocation here.
/// </summary>
internal sealed class SseEventBuilder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _output = new(512);
    private readonly Utf8JsonWriter _json;

    public SseEventBuilder()
    {
        // Compact output never contains a raw line break, which would split the data line.
        _json = new Utf8JsonWriter(_output, new JsonWriterOptions { Indented = false, SkipValidation = false });
    }

    /// <summary>Starts an event and returns the writer positioned for its JSON data (write exactly one value).</summary>
    public Utf8JsonWriter StartEvent(string? eventName)
    {
        if (eventName is not null)
        {
            Write("event: ");
            Write(eventName);
            Write("\n");
        }

        Write("data: ");
        _json.Reset(_output);
        return _json;
    }

    /// <summary>Ends the event started by <see cref="StartEvent"/>.</summary>
    public void EndEvent()
    {
        _json.Flush();
        Write("\n\n");
    }

    /// <summary>Writes OpenAI's end-of-stream sentinel.</summary>
    public void WriteDone() => Write("data: [DONE]\n\n");

    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    public void Dispose() => _json.Dispose();

    private void Write(string text)
    {
        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
